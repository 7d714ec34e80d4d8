import ArgumentParser
import EfficientZero

/// The run an analysis reads: its directory (latest checkpoint) or one checkpoint, and the threads.
struct AnalyzedRun: ParsableArguments {
  @Argument(help: "A run directory (its latest checkpoint is analysed).")
  var runDirectory: String
  @Option(help: "A checkpoint directory to analyse instead of the run's latest.")
  var checkpoint: String?
  @Option(help: "libtorch threads (0 = one per core; default: the run's).")
  var threads: Int?

  func load(fileName: String = "model.pt") throws -> TrainedModel {
    try TrainedModel.load(
      runDirectory: checkpoint == nil ? runDirectory : nil, checkpoint: checkpoint, fileName: fileName, threads: threads)
  }
}
