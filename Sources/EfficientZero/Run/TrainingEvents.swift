/// What a training run tells its caller as it goes (the CLI prints it; the run itself logs the
/// metrics and writes the files).
public struct TrainingEvents {
  /// A resumed run has restored its checkpoint, at these counters.
  public var resumed: (_ trainingStep: Int, _ environmentSteps: Int) -> Void = { _, _ in }
  /// After every training step (a progress line; a stop request is read right after it).
  public var step: (_ trainingStep: Int, _ environmentSteps: Int) -> Void = { _, _ in }
  /// Every `log_interval` steps, with the interval's figures.
  public var interval: (TrainingProgress) -> Void = { _ in }
  /// After each evaluation, periodic or final.
  public var evaluated: (_ report: EvaluationReport, _ final: Bool) -> Void = { _, _ in }
  /// A failure that does not stop training (a periodic evaluation, a metrics write).
  public var warning: (String) -> Void = { _ in }
  /// After each checkpoint, with the time it took.
  public var checkpointWritten: (_ trainingStep: Int, _ seconds: Double) -> Void = { _, _ in }
  /// Training has ended, finished or stopped at `trainingStep`, and its last checkpoint is written
  /// (the final evaluation, if any, comes next).
  public var trainingEnded: (_ finished: Bool, _ trainingStep: Int) -> Void = { _, _ in }

  public init() {}
}

/// How a training run ended.
public enum TrainingOutcome: Sendable {
  /// `training_steps` or the stop rule reached; the final evaluation's report (nil with
  /// `evaluation_episodes` = 0).
  case finished(EvaluationReport?)
  /// Stopped on request at a training step; its checkpoint is in the run directory.
  case stopped(atTrainingStep: Int)
}
