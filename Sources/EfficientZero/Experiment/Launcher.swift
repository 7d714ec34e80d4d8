import Foundation

/// What a launcher tells its caller about the runs it was given.
public struct LaunchEvents {
  public var started: (PlannedRun) -> Void = { _ in }
  public var finished: (PlannedRun, EvaluationReport) -> Void = { _, _ in }
  /// Ended on a stop request with its checkpoint written; the same command continues it.
  public var stopped: (PlannedRun) -> Void = { _ in }
  /// Ended otherwise: its exit status and the end of its log.
  public var failed: (PlannedRun, _ status: Int32, _ logTail: String) -> Void = { _, _, _ in }
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
    guard let text = try? String(contentsOf: url(of: run), encoding: .utf8) else { return "(no log)" }
    return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
  }
}
