#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation

/// Runs on this machine: each run is an `ezero` process of its own (the command a cluster launcher
/// would submit), at most `jobs` at once, its output in the run's `train.log`. A stop request
/// reaches the running ones as SIGTERM (each writes its checkpoint and exits 0); the queued ones
/// are left for the next call.
public struct LocalLauncher: Launcher {
  public let executable: URL
  public let jobs: Int

  public init(executable: URL, jobs: Int = 1) {
    self.executable = executable
    self.jobs = max(1, jobs)
  }

  public func launch(_ runs: [PlannedRun], events: LaunchEvents, shouldStop: @escaping () -> Bool) throws -> LaunchSummary {
    var summary = LaunchSummary()
    var queue = runs[...]
    var running: [(run: PlannedRun, child: ChildProcess)] = []
    var stopping = false
    while !queue.isEmpty || !running.isEmpty {
      if !stopping && shouldStop() {
        stopping = true
        for entry in running { entry.child.send(SIGTERM) }
        summary.notStarted += queue
        queue = []
      }
      while !stopping && running.count < jobs, let next = queue.popFirst() {
        do {
          running.append((next, try ChildProcess(executable: executable, arguments: next.arguments, log: RunLog.url(of: next))))
          events.started(next)
        } catch {
          summary.failed.append(next)
          events.failed(next, -1, "\(error)")
        }
      }
      var stillRunning: [(run: PlannedRun, child: ChildProcess)] = []
      for entry in running {
        guard entry.child.poll(), let status = entry.child.exitStatus else {
          stillRunning.append(entry)
          continue
        }
        if let report = try? EvaluationReport.read(from: entry.run.directory) {
          summary.finished.append(entry.run)
          events.finished(entry.run, report)
        } else if status == 0 && stopping {
          summary.stopped.append(entry.run)
          events.stopped(entry.run)
        } else {
          summary.failed.append(entry.run)
          events.failed(entry.run, status, RunLog.tail(of: entry.run))
        }
      }
      running = stillRunning
      if !running.isEmpty { usleep(200_000) }
    }
    return summary
  }
}
