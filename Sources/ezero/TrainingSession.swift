import EfficientZero
import Environments
import Foundation
import Logging
import Metrics
import Torch

/// One `ezero train` run, top to bottom: build (or restore) the trainer, train in stretches that end
/// at each checkpoint, stop cleanly on a signal, then evaluate the final model.
struct TrainingSession: EnvironmentVisitor {
  let config: TrainingConfig
  let configText: String
  let directory: URL
  let checkpoints: CheckpointDirectory
  let resumeFrom: URL?
  let concurrent: Bool
  let reanalyzeWorkers: Int
  let metrics: MetricsLogger
  let logger: Logger

  func visit<Env: Environment>(
    training: @escaping (Int) throws -> Env, evaluation: @escaping (Int) throws -> Env
  ) throws where Env.Scalar: TensorElement {
    let trainer = try Trainer(config: config, makeTrainingEnvironment: training, makeEvaluationEnvironment: evaluation)
    if let resumeFrom {
      try trainer.restore(from: resumeFrom)
      logger.info("resumed from \(resumeFrom.path) at training step \(trainer.trainingStep), \(trainer.environmentSteps) environment steps")
    }
    let display = ProgressDisplay(totalSteps: config.trainingSteps)
    let stop = StopSignal {
      FileHandle.standardError.write(
        Data("\nstopping after this step; writing a checkpoint (a second Ctrl-C quits without one)\n".utf8))
    }
    let report = progressReporter(trainer, display)
    let checkEachStep = {
      display.step(trainingStep: trainer.trainingStep, environmentSteps: trainer.environmentSteps)
      return stop.isRequested
    }

    while !trainer.isFinished && !stop.isRequested {
      let until = trainer.nextStop(every: config.checkpointInterval)
      if concurrent {
        try trainer.runConcurrently(
          until: until, reanalyzeWorkers: reanalyzeWorkers, progress: report, shouldStop: checkEachStep)
      } else {
        try trainer.run(until: until, progress: report, shouldStop: checkEachStep)
      }
      let begin = ContinuousClock.now
      try trainer.saveCheckpoint(to: checkpoints, configFile: configText)
      try metrics.flush()
      logger.debug("checkpoint at step \(trainer.trainingStep) written in \(ContinuousClock.now - begin)")
    }
    // The checkpoint is written: from here on Ctrl-C simply ends the process.
    stop.release()
    if !trainer.isFinished {
      display.message(
        "stopped at training step \(trainer.trainingStep); checkpoint in \(checkpoints.current.path)\n"
          + "continue with: ezero train --resume --run-dir \(directory.path)")
      return
    }
    guard config.evaluationEpisodes > 0 else { return }
    display.message("evaluating the final model: \(config.evaluationEpisodes) episodes")
    let result = try EvaluationReport(
      environment: config.environment, trainingStep: trainer.trainingStep, environmentSteps: trainer.environmentSteps,
      seedOffset: 0, returns: trainer.evaluate(episodes: config.evaluationEpisodes))
    try metrics.log(scalars: result.scalars, step: trainer.trainingStep)
    try result.write(into: directory)
    display.message(result.summary)
  }

  /// Logs each interval's scalars, shows progress, and runs the periodic evaluation.
  private func progressReporter<Env>(_ trainer: Trainer<Env>, _ display: ProgressDisplay) -> (TrainingProgress) -> Void {
    var lastEnvironmentSteps: Int?
    return { p in
      let scalars = p.scalars(previousEnvironmentSteps: lastEnvironmentSteps)
      lastEnvironmentSteps = p.environmentSteps
      do { try metrics.log(scalars: scalars, step: p.trainingStep) } catch { logger.warning("metrics not written: \(error)") }
      display.interval(p)
      guard config.evaluationInterval > 0 && p.trainingStep % config.evaluationInterval == 0
        && p.trainingStep < config.trainingSteps
      else { return }
      do {
        let result = try EvaluationReport(
          environment: config.environment, trainingStep: p.trainingStep, environmentSteps: p.environmentSteps,
          seedOffset: 0, returns: trainer.evaluatePeriodically())
        try metrics.log(scalars: result.scalars, step: p.trainingStep)
        display.message("step \(p.trainingStep): " + result.summary)
      } catch {
        logger.warning("evaluation at step \(p.trainingStep) failed: \(error)")
      }
    }
  }
}
