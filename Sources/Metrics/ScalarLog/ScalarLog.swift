import Foundation

/// Appends scalars to `scalars.csv` and `scalars.jsonl` in a run directory.
///
/// Existing files are continued, not replaced, so a resumed run keeps one log. After a resume
/// a (tag, step) pair may appear twice; readers that plot keep the later one.
public final class ScalarLog {
  public static let csvFileName = "scalars.csv"
  public static let jsonlFileName = "scalars.jsonl"

  private let csv: AppendOnlyLineFile
  private let jsonl: AppendOnlyLineFile

  public var csvURL: URL { csv.url }
  public var jsonlURL: URL { jsonl.url }

  public init(directory: URL) throws {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    csv = try AppendOnlyLineFile(url: directory.appendingPathComponent(Self.csvFileName))
    jsonl = try AppendOnlyLineFile(url: directory.appendingPathComponent(Self.jsonlFileName))
    if csv.wasEmpty {
      try csv.append(lines: [ScalarCSV.header])
    }
  }

  /// Writes `points` to both files; each file gets them in a single write.
  public func append(_ points: [ScalarPoint]) throws {
    if let bad = points.first(where: { $0.tag.contains(where: \.isNewline) }) {
      throw ScalarLogError.tagContainsLineBreak(tag: bad.tag)
    }
    try csv.append(lines: points.map(ScalarCSV.line(for:)))
    try jsonl.append(lines: points.map(ScalarJSONL.line(for:)))
  }

  /// Syncs both files to disk.
  public func flush() throws {
    try csv.flush()
    try jsonl.flush()
  }

  /// Syncs and closes both files. Closing twice is harmless.
  public func close() throws {
    try csv.close()
    try jsonl.close()
  }
}
