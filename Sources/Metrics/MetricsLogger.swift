import Foundation

/// Logs scalars of a run to a TensorBoard event file and to `scalars.csv` / `scalars.jsonl`, all in one run directory.
///
/// ```swift
/// let metrics = try MetricsLogger(runDirectory: runURL)
/// try metrics.log(scalars: ["loss/total": 1.25, "train/lr": 0.2], step: 1000)
/// try metrics.close()
/// ```
///
/// Safe to share between threads and tasks (self-play, reanalyse and training may all log):
/// every call holds one lock, so each `log` lands whole and in the same order in every file.
public final class MetricsLogger: @unchecked Sendable {
  public let runDirectory: URL
  private let events: EventFileWriter
  private let table: ScalarLog
  private let lock = NSLock()

  public var eventFileURL: URL { events.url }
  public var csvURL: URL { table.csvURL }
  public var jsonlURL: URL { table.jsonlURL }

  public init(
    runDirectory: URL,
    wallTime: Double = Date().timeIntervalSince1970,
    hostName: String = ProcessInfo.processInfo.hostName
  ) throws {
    self.runDirectory = runDirectory
    events = try EventFileWriter(directory: runDirectory, wallTime: wallTime, hostName: hostName)
    table = try ScalarLog(directory: runDirectory)
  }

  /// Writes every scalar at `step`, in tag order, to both logs.
  public func log(scalars: [String: Double], step: Int, wallTime: Double = Date().timeIntervalSince1970) throws {
    let sorted = scalars.sorted { $0.key < $1.key }
    // Checked before writing anything, so the two logs never disagree.
    if let bad = sorted.first(where: { $0.key.contains(where: \.isNewline) }) {
      throw ScalarLogError.tagContainsLineBreak(tag: bad.key)
    }
    lock.lock()
    defer { lock.unlock() }
    try events.write(scalars: sorted.map { (tag: $0.key, value: $0.value) }, step: step, wallTime: wallTime)
    try table.append(sorted.map { ScalarPoint(tag: $0.key, step: step, value: $0.value, wallTime: wallTime) })
  }

  /// Syncs all files to disk, e.g. after writing a checkpoint.
  public func flush() throws {
    lock.lock()
    defer { lock.unlock() }
    try events.flush()
    try table.flush()
  }

  /// Syncs and closes all files. Closing twice is harmless.
  public func close() throws {
    lock.lock()
    defer { lock.unlock() }
    try events.close()
    try table.close()
  }
}
