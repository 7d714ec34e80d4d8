import Environments
import Foundation
import Metrics
import Torch

/// One run in a run directory, from its start (or checkpoint) to its final evaluation: the only way
/// training happens. Prepared by `new`, `resumed` or `newOrResumed` (environment adaptation,
/// validation, device, run directory, `config.yaml`); `train` then trains in stretches that end at
/// each checkpoint (every `checkpoint_interval` steps and when stopped), evaluates every
/// `evaluation_interval` steps, logs the metrics, and writes `evaluation.json` when it finishes.
public struct TrainingRun {
  public private(set) var configuration: RunConfiguration
  public let directory: URL
  /// The checkpoint a resumed run continues from (nil: a new run).
  public let resumeFrom: URL?
  public let environment: EnvironmentChoice
  /// Where the run ends early as finished (`training_steps` otherwise).
  public var stopRule = StopRule.none
  /// Held from preparation to the end of the process: no second process trains this directory.
  private var lock: RunLock?

  private init(configuration: RunConfiguration, directory: URL, resumeFrom: URL?) throws {
    var configuration = configuration
    environment = try EnvironmentChoice(name: configuration.config.environment)
    try environment.adapt(&configuration.config)
    try configuration.config.validate()
    try configuration.config.torchDevice.checkUsable()
    self.configuration = configuration
    self.directory = directory
    self.resumeFrom = resumeFrom
  }

  /// A new run of `configuration` in `directory`, which must not hold a checkpoint yet.
  public static func new(_ configuration: RunConfiguration, directory: URL) throws -> TrainingRun {
    var run = try TrainingRun(configuration: configuration, directory: directory, resumeFrom: nil)
    run.lock = try RunLock(directory: directory)
    if let existing = run.checkpoints.latest() {
      throw ConfigError(
        "\(directory.path) already holds a checkpoint (\(existing.lastPathComponent)/); add --resume to continue that run, "
          + "or choose another --run-dir")
    }
    try run.writeSettings()
    return run
  }

  /// The run in `directory`, continued from its latest checkpoint with the settings saved there;
  /// `threads` and `overrides` may change operational keys only.
  public static func resumed(directory: URL, threads: Int? = nil, overrides: [String] = []) throws -> TrainingRun {
    _ = try RunConfiguration.checkpointToResume(in: directory)
    // Locked before its checkpoint is read: no other process is writing it.
    let lock = try RunLock(directory: directory)
    let checkpoint = try RunConfiguration.checkpointToResume(in: directory)
    let configuration = try RunConfiguration.resumed(checkpoint: checkpoint, threads: threads, overrides: overrides)
    var run = try TrainingRun(configuration: configuration, directory: directory, resumeFrom: checkpoint)
    run.lock = lock
    try run.writeSettings()
    return run
  }

  /// `configuration`'s run in `directory`: continued from its checkpoint when it has one (whose
  /// settings must be these, operational keys aside), new otherwise. What a launcher starts, so
  /// that a retried job continues where the last try stopped.
  public static func newOrResumed(_ configuration: RunConfiguration, directory: URL) throws -> TrainingRun {
    let lock = try RunLock(directory: directory)
    guard CheckpointDirectory(runDirectory: directory).latest() != nil else {
      var run = try TrainingRun(configuration: configuration, directory: directory, resumeFrom: nil)
      run.lock = lock
      try run.writeSettings()
      return run
    }
    let asked = try TrainingRun(configuration: configuration, directory: directory, resumeFrom: nil)
    let checkpoint = try RunConfiguration.checkpointToResume(in: directory)
    var saved = try RunConfiguration.resumed(checkpoint: checkpoint)
    saved.config = saved.config.withOperationalSettings(of: asked.config)
    let differences = TrainingConfig.changedKeys(from: saved.config.resolvedDescription, to: asked.config.resolvedDescription)
      .map { "\($0.key): \($0.saved) there, \($0.now) here" }
    guard differences.isEmpty else {
      throw ConfigError(
        "\(directory.path) holds a checkpoint of other settings (\(differences.joined(separator: ", "))); "
          + "choose another run directory")
    }
    var run = try TrainingRun(configuration: saved, directory: directory, resumeFrom: checkpoint)
    run.lock = lock
    try run.writeSettings()
    return run
  }

  public var config: TrainingConfig { configuration.config }
  public var checkpoints: CheckpointDirectory { CheckpointDirectory(runDirectory: directory) }

  /// The run directory with `config.yaml`, every setting of the run (a valid `--config` file).
  private func writeSettings() throws {
    try configuration.fileText.write(to: directory.appendingPathComponent("config.yaml"), atomically: true, encoding: .utf8)
  }

  /// Trains until `training_steps`, the stop rule, or until `shouldStop` says so between two steps;
  /// then, if finished, runs the final evaluation. Metrics go to the run directory.
  public func train(events: TrainingEvents, shouldStop: @escaping () -> Bool) throws -> TrainingOutcome {
    let metrics = try MetricsLogger(runDirectory: directory)
    defer { try? metrics.close() }
    return try environment.dispatch(config, Driver(run: self, metrics: metrics, events: events, shouldStop: shouldStop))
  }

  /// The loop, once the environment's type is known.
  private struct Driver: EnvironmentVisitor {
    let run: TrainingRun
    let metrics: MetricsLogger
    let events: TrainingEvents
    let shouldStop: () -> Bool

    func visit<Env: Environment>(
      training: @escaping (Int) throws -> Env, evaluation: @escaping (Int) throws -> Env
    ) throws -> TrainingOutcome where Env.Scalar: TensorElement {
      let config = run.config
      let rule = run.stopRule
      let trainer = try Trainer(config: config, makeTrainingEnvironment: training, makeEvaluationEnvironment: evaluation)
      if let resumeFrom = run.resumeFrom {
        try trainer.restore(from: resumeFrom)
        events.resumed(trainer.trainingStep, trainer.environmentSteps)
      }
      let started = ContinuousClock.now
      var goalReached = false
      var ruleMet: Bool {
        goalReached || rule.trainingStep.map { trainer.trainingStep >= $0 } == true
          || rule.wallMinutes.map { (ContinuousClock.now - started).seconds >= $0 * 60 } == true
      }
      var lastEnvironmentSteps: Int?
      let onInterval = { (p: TrainingProgress) in
        let scalars = p.scalars(previousEnvironmentSteps: lastEnvironmentSteps)
        lastEnvironmentSteps = p.environmentSteps
        do { try metrics.log(scalars: scalars, step: p.trainingStep) } catch { events.warning("metrics not written: \(error)") }
        events.interval(p)
        guard config.isPeriodicEvaluationDue(atTrainingStep: p.trainingStep) else { return }
        do {
          let begin = ContinuousClock.now
          var report = EvaluationReport(
            environment: config.environment, trainingStep: p.trainingStep, environmentSteps: p.environmentSteps,
            seedOffset: 0, returns: try trainer.evaluatePeriodically())
          report.seconds = (ContinuousClock.now - begin).seconds
          try metrics.log(scalars: report.scalars, step: p.trainingStep)
          if let goal = rule.goalReturn, report.mean >= goal { goalReached = true }
          events.evaluated(report, false)
        } catch {
          events.warning("evaluation at step \(p.trainingStep) failed: \(error)")
        }
      }
      let stopAfterStep = {
        events.step(trainer.trainingStep, trainer.environmentSteps)
        return shouldStop() || ruleMet
      }

      while !trainer.isFinished && !ruleMet && !shouldStop() {
        var until = trainer.nextStop(every: config.checkpointInterval)
        if let step = rule.trainingStep { until = min(until, step) }
        if config.concurrent {
          try trainer.runConcurrently(
            until: until, reanalyzeWorkers: config.reanalyzeWorkers, progress: onInterval, shouldStop: stopAfterStep)
        } else {
          try trainer.run(until: until, progress: onInterval, shouldStop: stopAfterStep)
        }
        let begin = ContinuousClock.now
        try trainer.saveCheckpoint(to: run.checkpoints, configFile: run.configuration.fileText)
        try metrics.flush()
        events.checkpointWritten(trainer.trainingStep, (ContinuousClock.now - begin).seconds)
      }
      let finished = trainer.isFinished || ruleMet
      events.trainingEnded(finished, trainer.trainingStep)
      guard finished else { return .stopped(atTrainingStep: trainer.trainingStep) }
      guard config.evaluationEpisodes > 0 else { return .finished(nil) }
      let begin = ContinuousClock.now
      var report = EvaluationReport(
        environment: config.environment, trainingStep: trainer.trainingStep, environmentSteps: trainer.environmentSteps,
        seedOffset: 0, returns: try trainer.evaluate(episodes: config.evaluationEpisodes))
      report.seconds = (ContinuousClock.now - begin).seconds
      try metrics.log(scalars: report.scalars, step: trainer.trainingStep)
      try metrics.flush()
      try report.write(into: run.directory)
      events.evaluated(report, true)
      return .finished(report)
    }
  }
}
