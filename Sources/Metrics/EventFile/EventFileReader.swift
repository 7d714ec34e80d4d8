import Foundation
import SwiftProtobuf

/// Reads the scalars of a TensorBoard event file, checking the framing and both checksums of every record.
public struct EventFileReader: Sendable {
  /// The file's `file_version`, e.g. "brain.Event:2".
  public let fileVersion: String
  /// Every simple-value scalar in file order.
  public let scalars: [ScalarPoint]

  public init(contentsOf url: URL, allowTruncatedTail: Bool = false) throws {
    try self.init(data: Data(contentsOf: url), allowTruncatedTail: allowTruncatedTail)
  }

  /// - Parameter allowTruncatedTail: accept a partial last record, as left by a run still writing or killed mid-write.
  public init(data: Data, allowTruncatedTail: Bool = false) throws(EventFileError) {
    let events = try Self.events(in: data, allowTruncatedTail: allowTruncatedTail)
    let version: String? = if case let .fileVersion(version)? = events.first?.what { version } else { nil }
    guard let version, version.hasPrefix("brain.Event:") else {
      throw .missingFileVersion(found: version)
    }
    fileVersion = version
    scalars = events.dropFirst().flatMap { event -> [ScalarPoint] in
      guard case let .summary(summary)? = event.what else { return [] }
      return summary.value.compactMap { value in
        guard case let .simpleValue(number)? = value.value else { return nil }
        return ScalarPoint(tag: value.tag, step: Int(event.step), value: Double(number), wallTime: event.wallTime)
      }
    }
  }

  /// Every event file (`*tfevents*`) directly in `directory`, oldest first, as TensorBoard orders them.
  public static func eventFiles(in directory: URL) throws -> [URL] {
    try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
      .filter { $0.lastPathComponent.contains("tfevents") }
      .sorted { $0.lastPathComponent < $1.lastPathComponent }
  }

  /// The scalars of every event file in a run directory, file after file. A partial last record,
  /// as a running or killed writer leaves, is skipped rather than failing the whole read.
  public static func scalars(inRunDirectory directory: URL) throws -> [ScalarPoint] {
    try eventFiles(in: directory).flatMap { try EventFileReader(contentsOf: $0, allowTruncatedTail: true).scalars }
  }

  static func events(in data: Data, allowTruncatedTail: Bool) throws(EventFileError) -> [Tensorflow_Event] {
    let records = try TFRecord.records(in: data, allowTruncatedTail: allowTruncatedTail)
    var events: [Tensorflow_Event] = []
    events.reserveCapacity(records.count)
    for record in records {
      do {
        events.append(try Tensorflow_Event(serializedBytes: record.payload))
      } catch {
        throw .undecodableEvent(offset: record.offset, reason: String(describing: error))
      }
    }
    return events
  }
}
