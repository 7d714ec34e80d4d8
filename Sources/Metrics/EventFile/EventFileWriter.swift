import Foundation
import SwiftProtobuf

/// Writes scalars to a TensorBoard event file, `events.out.tfevents.<time>.<host>`, in a run directory.
///
/// Every record goes to the operating system as soon as it is written, so a crashed process
/// loses nothing; `flush()` and `close()` also sync to disk against a machine crash.
/// A resumed run opens a new file beside the old ones; TensorBoard reads them all.
public final class EventFileWriter {
  static let fileVersion = "brain.Event:2"

  public let url: URL
  private var handle: FileHandle?

  public init(
    directory: URL,
    wallTime: Double = Date().timeIntervalSince1970,
    hostName: String = ProcessInfo.processInfo.hostName
  ) throws {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    url = Self.unusedFileURL(in: directory, wallTime: wallTime, hostName: hostName)
    guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
      throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
    }
    handle = try FileHandle(forWritingTo: url)

    var header = Tensorflow_Event()
    header.wallTime = wallTime
    header.fileVersion = Self.fileVersion
    try write(header)
  }

  deinit {
    try? handle?.close()
  }

  /// Writes one Event holding every scalar of `scalars` at `step`.
  public func write(
    scalars: [(tag: String, value: Double)],
    step: Int,
    wallTime: Double = Date().timeIntervalSince1970
  ) throws {
    var event = Tensorflow_Event()
    event.wallTime = wallTime
    event.step = Int64(step)
    event.summary.value = scalars.map { scalar in
      var value = Tensorflow_Summary.Value()
      value.tag = scalar.tag
      // The event format stores 32-bit floats; CSV and JSONL keep the full Double.
      value.simpleValue = Float(scalar.value)
      return value
    }
    try write(event)
  }

  /// Syncs what was written to disk.
  public func flush() throws {
    try openHandle().synchronize()
  }

  /// Syncs and closes the file; later writes throw. Closing twice is harmless.
  public func close() throws {
    guard let handle else { return }
    self.handle = nil
    try handle.synchronize()
    try handle.close()
  }

  private func write(_ event: Tensorflow_Event) throws {
    let payload: Data = try event.serializedBytes()
    try openHandle().write(contentsOf: TFRecord.frame(payload))
  }

  private func openHandle() throws -> FileHandle {
    guard let handle else {
      throw CocoaError(.fileWriteUnknown, userInfo: [
        NSFilePathErrorKey: url.path, NSLocalizedDescriptionKey: "event file \(url.path) is closed",
      ])
    }
    return handle
  }

  /// Two writers started in the same second in one directory get distinct files.
  private static func unusedFileURL(in directory: URL, wallTime: Double, hostName: String) -> URL {
    let host = hostName.isEmpty ? "localhost" : hostName.replacingOccurrences(of: "/", with: "_")
    let base = "events.out.tfevents.\(Int(wallTime)).\(host)"
    var candidate = directory.appendingPathComponent(base)
    var suffix = 1
    while FileManager.default.fileExists(atPath: candidate.path) {
      candidate = directory.appendingPathComponent("\(base).\(suffix)")
      suffix += 1
    }
    return candidate
  }
}
