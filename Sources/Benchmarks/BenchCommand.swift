import ArgumentParser

/// `ezero bench` (also the `ezero-bench` executable): speed benchmarks, each printing its figures
/// beside the baseline or target they are read against (`BenchmarkTargets`).
public struct BenchCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Benchmarks that print each figure beside its baseline or target.",
    subcommands: [
      BenchSearch.self, BenchAtari.self, BenchDMC.self, BenchTorch.self, BenchLearner.self, BenchPipeline.self,
    ])

  public init() {}
}
