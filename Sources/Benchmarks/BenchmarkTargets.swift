/// Every speed target the benchmarks print beside their figures, in one place (where each comes from
/// is in docs/benchmarks.md).
enum BenchmarkTargets {
  /// `bench search`: tree operations per second at B = 256 on one core (PUCT and Gumbel alike).
  static let searchSimulationsPerSecond = 1_000_000.0
  /// `bench atari`: full wrapper-stack steps per second on one core, and its overhead per frame over bare ALE calls.
  static let atariStepsPerSecond = 1_500.0
  static let atariWrapperOverheadPercent = 15.0
  /// `bench torch`, `bench learner`: Swift time over Python PyTorch time for the same network work.
  static let swiftOverPythonRatio = 1.0
  /// `bench pipeline`: an iteration over its floor of bare network passes; seconds per iteration at
  /// batch 256 with the full reanalysis; self-play environment steps per second.
  static let pipelineOverFloorRatio = 1.5
  static let pipelineSecondsAtBatch256 = 59.0
  static let selfPlayStepsPerSecond = 30.0
  /// `bench pipeline --peer lightzero`: our iteration over LightZero's at batch 256, with and without
  /// the root-value bootstrap (LightZero searches only the policy positions without it).
  static let peerRatioWithRootValue = 0.8
  static let peerRatioWithoutRootValue = 0.6

  /// "met" or "NOT met" after the target's text.
  static func verdict(_ value: Double, atLeast target: Double, _ text: String) -> String {
    "target >= \(text): " + (value >= target ? "met" : "NOT met")
  }
}
