import Foundation
import Metrics

/// What a launcher tells its caller about the runs it was given.
public struct LaunchEvents {
  public var started: (PlannedRun) -> Void = { _ in }
  public var finished: (PlannedRun, EvaluationReport) -> Void = { _, _ in }
  /// Ended on a stop request with its checkpoint written; the same command continues it.
  public var stopped: (PlannedRun) -> Void = { _ in }
  /// Ended otherwise: its exit status and the end of its log.
  public var failed: (PlannedRun, _ status: Int32, _ logTail: String) -> Void = { _, _, _ in }
  /// A failed or lost try is started again (it continues from its checkpoint): the try number and why.
  public var retried: (PlannedRun, _ attempt: Int, _ reason: String) -> Void = { _, _, _ in }
  /// A table of where the runs stand, every little while.
  public var table: (String) -> Void = { _ in }
  public init() {}
}

/// How the runs given to a launcher ended.
public struct LaunchSummary: Sendable {
  public var finished: [PlannedRun] = []
  public var stopped: [PlannedRun] = []
  public var failed: [PlannedRun] = []
  /// Never started because a stop was asked first.
  public var notStarted: [PlannedRun] = []
  public init() {}
}

/// Where runs happen: trains the runs it is given (none of them finished yet) until they end or
/// `shouldStop` says so, then returns how each ended. What to run is the plan's business.
public protocol Launcher {
  func launch(_ runs: [PlannedRun], events: LaunchEvents, shouldStop: @escaping () -> Bool) throws -> LaunchSummary
}

/// The log of a run started by a launcher, and its last lines.
public enum RunLog {
  public static let fileName = "train.log"

  public static func url(of run: PlannedRun) -> URL { run.directory.appendingPathComponent(fileName) }

  public static func tail(of run: PlannedRun, lines: Int = 20) -> String {
    tail(of: url(of: run), lines: lines)
  }

  public static func tail(of url: URL, lines: Int = 20) -> String {
    guard let text = try? String(contentsOf: url, encoding: .utf8) else { return "(no log)" }
    return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
  }
}

/// The latest figures of a run in progress, read from its scalars: the last training step logged
/// and the last periodic evaluation.
public enum RunProgressReader {
  public static func latest(of run: PlannedRun) -> (trainingStep: Int?, evaluation: Double?) {
    let csv = run.directory.appendingPathComponent(ScalarLog.csvFileName)
    guard let points = try? ScalarCSV.read(contentsOf: csv) else { return (nil, nil) }
    return (points.last { $0.tag == MetricTag.environmentSteps }?.step, points.last { $0.tag == MetricTag.evaluationMean }?.value)
  }

  /// "label: step N, evaluation X" lines of the given runs.
  public static func lines(_ runs: [PlannedRun]) -> String {
    runs.map { run in
      let (step, evaluation) = latest(of: run)
      return "  \(run.label): " + (step.map { "step \($0)" } ?? "starting")
        + (evaluation.map { String(format: ", last evaluation %.1f", $0) } ?? "")
    }.joined(separator: "\n")
  }
}
