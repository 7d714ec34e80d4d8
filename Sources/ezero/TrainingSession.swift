import EfficientZero
import Foundation
import Logging

/// Prints one `ezero train` run as the library's `TrainingRun` reports it: a progress line, the
/// intervals and evaluations, and how to continue a stopped run; Ctrl-C asks the run to stop.
struct TrainingSession {
  let run: TrainingRun
  let logger: Logger

  func train() throws {
    let display = ProgressDisplay(totalSteps: run.stopRule.trainingStep.map { min($0, run.config.trainingSteps) } ?? run.config.trainingSteps)
    let stop = StopSignal {
      FileHandle.standardError.write(
        Data("\nstopping after this step; writing a checkpoint (a second Ctrl-C quits without one)\n".utf8))
    }
    var events = TrainingEvents()
    events.resumed = { step, environmentSteps in
      logger.info("resumed from \(run.resumeFrom?.path ?? "") at training step \(step), \(environmentSteps) environment steps")
    }
    events.step = { display.step(trainingStep: $0, environmentSteps: $1) }
    events.interval = { display.interval($0) }
    events.evaluated = { report, final in display.message(final ? report.summary : "step \(report.trainingStep): \(report.summary)") }
    events.warning = { logger.warning("\($0)") }
    events.checkpointWritten = { step, seconds in
      logger.debug("checkpoint at step \(step) written in \(String(format: "%.2f", seconds)) s")
    }
    events.trainingEnded = { finished, step in
      // The last checkpoint is written: from here on Ctrl-C simply ends the process.
      stop.release()
      if !finished {
        display.message(
          "stopped at training step \(step); checkpoint in \(run.checkpoints.current.path)\n"
            + "continue with: ezero train --resume --run-dir \(run.directory.path)")
      } else if run.config.evaluationEpisodes > 0 {
        display.message("evaluating the final model: \(run.config.evaluationEpisodes) episodes")
      }
    }
    _ = try run.train(events: events, shouldStop: { stop.isRequested })
  }
}
