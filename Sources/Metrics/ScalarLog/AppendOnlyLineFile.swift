import Foundation

/// A text file of newline-terminated lines opened for appending, so a resumed run continues it.
///
/// A process killed mid-write can leave a last line without its newline; opening drops that
/// partial line so the next line starts cleanly instead of being glued to it.
final class AppendOnlyLineFile {
  let url: URL
  /// True when the file had no complete line when opened, e.g. so a header can be written.
  let wasEmpty: Bool
  private var handle: FileHandle?

  init(url: URL) throws {
    self.url = url
    if !FileManager.default.fileExists(atPath: url.path) {
      guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
        throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
      }
    }
    let handle = try FileHandle(forUpdating: url)
    let completeLength = try Self.lengthOfCompleteLines(handle)
    try handle.truncate(atOffset: completeLength)
    try handle.seekToEnd()
    self.handle = handle
    wasEmpty = completeLength == 0
  }

  deinit {
    try? handle?.close()
  }

  /// Appends `lines`, each terminated by a newline, in one write.
  func append(lines: [String]) throws {
    guard !lines.isEmpty else { return }
    guard let handle else {
      throw CocoaError(.fileWriteUnknown, userInfo: [
        NSFilePathErrorKey: url.path, NSLocalizedDescriptionKey: "\(url.path) is closed",
      ])
    }
    try handle.write(contentsOf: Data(lines.map { $0 + "\n" }.joined().utf8))
  }

  func flush() throws {
    try handle?.synchronize()
  }

  func close() throws {
    guard let handle else { return }
    self.handle = nil
    try handle.synchronize()
    try handle.close()
  }

  /// The offset just past the file's last newline, found by reading backwards from the end.
  private static func lengthOfCompleteLines(_ handle: FileHandle) throws -> UInt64 {
    var end = try handle.seekToEnd()
    let chunkSize: UInt64 = 4096
    while end > 0 {
      let start = end > chunkSize ? end - chunkSize : 0
      try handle.seek(toOffset: start)
      let chunk = try handle.read(upToCount: Int(end - start)) ?? Data()
      if let newline = chunk.lastIndex(of: UInt8(ascii: "\n")) {
        return start + UInt64(newline - chunk.startIndex) + 1
      }
      end = start
    }
    return 0
  }
}
