import ArgumentParser

/// `ezero analyze`: the paper's analyses of a trained run.
struct Analyze: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Analyses of a trained run (the paper's Section 5.4 and Appendix).",
    subcommands: [AnalyzePrediction.self, AnalyzeDecoder.self, AnalyzeValueTargets.self])
}
