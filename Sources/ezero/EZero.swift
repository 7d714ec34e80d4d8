import ArgumentParser
#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation

@main
struct EZero: ParsableCommand {
  static func main() {
    // Progress lines must reach a log file or pipe as they happen.
    setvbuf(stdout, nil, _IOLBF, 0)
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      exit(withError: error)
    }
  }

  static let configuration = CommandConfiguration(
    commandName: "ezero",
    abstract: "EfficientZero in Swift: train, evaluate and benchmark MCTS agents with learned models.",
    subcommands: [TrainCommand.self, Bench.self])
}

struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Benchmarks that print each figure beside its baseline or target.",
    subcommands: [
      BenchSearch.self, BenchAtari.self, BenchDMC.self, BenchTorch.self, BenchLearner.self, BenchPipeline.self,
      BenchLearning.self,
    ])
}
