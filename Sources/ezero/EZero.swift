import ArgumentParser

@main
struct EZero: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ezero",
    abstract: "EfficientZero in Swift: train, evaluate and benchmark MCTS agents with learned models.",
    subcommands: [Bench.self])
}

struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Benchmarks that print each figure beside its baseline or target.",
    subcommands: [BenchTorch.self])
}
