import Environments
import Foundation
import Metrics
import Torch

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
  /// `training_steps` reached; the final evaluation's report (nil with `evaluation_episodes` = 0).
  case finished(EvaluationReport?)
  /// Stopped on request at a training step; its checkpoint is in the run directory.
  case stopped(atTrainingStep: Int)
}

/// One run in a run directory, from its start (or checkpoint) to its final evaluation: trains in
/// stretches that end at each checkpoint (every `checkpoint_interval` steps and when stopped),
/// evaluates every `evaluation_interval` steps, logs the metrics, and writes `evaluation.json`.
public struct TrainingRun {
  public var configuration: RunConfiguration
  public var directory: URL
  /// The checkpoint a resumed run continues from (nil: a new run).
  public var resumeFrom: URL?
  /// Self-play, reanalysis and the learner on their own threads (not deterministic).
  public var concurrent = false
  public var reanalyzeWorkers = 1

  public init(configuration: RunConfiguration, directory: URL, resumeFrom: URL? = nil) {
    self.configuration = configuration
    self.directory = directory
    self.resumeFrom = resumeFrom
  }

  public var config: TrainingConfig { configuration.config }
  public var checkpoints: CheckpointDirectory { CheckpointDirectory(runDirectory: directory) }

  /// Trains with environments from `training` / `evaluation` (by index) until `training_steps` or
  /// until `shouldStop` says so between two steps, then (if finished) runs the final evaluation.
  public func train<Env: Environment>(
    training: (Int) throws -> Env, evaluation: @escaping (Int) throws -> Env, metrics: MetricsLogger,
    events: TrainingEvents, shouldStop: @escaping () -> Bool
  ) throws -> TrainingOutcome where Env.Scalar: TensorElement {
    let trainer = try Trainer(config: config, makeTrainingEnvironment: training, makeEvaluationEnvironment: evaluation)
    if let resumeFrom {
      try trainer.restore(from: resumeFrom)
      events.resumed(trainer.trainingStep, trainer.environmentSteps)
    }
    var lastEnvironmentSteps: Int?
    let onInterval = { (p: TrainingProgress) in
      let scalars = p.scalars(previousEnvironmentSteps: lastEnvironmentSteps)
      lastEnvironmentSteps = p.environmentSteps
      do { try metrics.log(scalars: scalars, step: p.trainingStep) } catch { events.warning("metrics not written: \(error)") }
      events.interval(p)
      guard config.isPeriodicEvaluationDue(atTrainingStep: p.trainingStep) else { return }
      do {
        let report = EvaluationReport(
          environment: config.environment, trainingStep: p.trainingStep, environmentSteps: p.environmentSteps,
          seedOffset: 0, returns: try trainer.evaluatePeriodically())
        try metrics.log(scalars: report.scalars, step: p.trainingStep)
        events.evaluated(report, false)
      } catch {
        events.warning("evaluation at step \(p.trainingStep) failed: \(error)")
      }
    }
    let stopAfterStep = {
      events.step(trainer.trainingStep, trainer.environmentSteps)
      return shouldStop()
    }

    while !trainer.isFinished && !shouldStop() {
      let until = trainer.nextStop(every: config.checkpointInterval)
      if concurrent {
        try trainer.runConcurrently(
          until: until, reanalyzeWorkers: reanalyzeWorkers, progress: onInterval, shouldStop: stopAfterStep)
      } else {
        try trainer.run(until: until, progress: onInterval, shouldStop: stopAfterStep)
      }
      let begin = ContinuousClock.now
      try trainer.saveCheckpoint(to: checkpoints, configFile: configuration.fileText)
      try metrics.flush()
      events.checkpointWritten(trainer.trainingStep, (ContinuousClock.now - begin).seconds)
    }
    events.trainingEnded(trainer.isFinished, trainer.trainingStep)
    guard trainer.isFinished else { return .stopped(atTrainingStep: trainer.trainingStep) }
    guard config.evaluationEpisodes > 0 else { return .finished(nil) }
    let report = EvaluationReport(
      environment: config.environment, trainingStep: trainer.trainingStep, environmentSteps: trainer.environmentSteps,
      seedOffset: 0, returns: try trainer.evaluate(episodes: config.evaluationEpisodes))
    try metrics.log(scalars: report.scalars, step: trainer.trainingStep)
    try report.write(into: directory)
    events.evaluated(report, true)
    return .finished(report)
  }
}
