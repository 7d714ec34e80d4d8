import Foundation
import Metrics

#if canImport(Glibc)
import Glibc
#endif

/// Where a run keeps its checkpoint, and the protocol that replaces it without ever leaving the run
/// without a complete one:
///
/// 1. the new checkpoint is written into `checkpoint.partial/`, every file synced, then
///    `manifest.json` (each file's size and CRC-32C) is written last;
/// 2. `checkpoint/` is renamed to `checkpoint.previous/`, `checkpoint.partial/` to `checkpoint/`;
/// 3. `checkpoint.previous/` is removed.
///
/// A kill at any point leaves either `checkpoint/` or `checkpoint.previous/` complete, and
/// `latest()` finds it. A checkpoint whose manifest does not match its files is rejected, never repaired.
public struct CheckpointDirectory: Sendable {
  public let runDirectory: URL
  public static let manifestName = "manifest.json"
  public static let format = 1

  public init(runDirectory: URL) { self.runDirectory = runDirectory }

  public var current: URL { runDirectory.appendingPathComponent("checkpoint") }
  var partial: URL { runDirectory.appendingPathComponent("checkpoint.partial") }
  var previous: URL { runDirectory.appendingPathComponent("checkpoint.previous") }

  /// The newest complete-looking checkpoint directory, or nil when the run has none.
  public func latest() -> URL? {
    let fm = FileManager.default
    for candidate in [current, previous] where fm.fileExists(atPath: candidate.appendingPathComponent(Self.manifestName).path) {
      return candidate
    }
    return nil
  }

  /// Writes a checkpoint: `write` fills the given empty directory and returns the names of the
  /// files it wrote; they are synced, listed in the manifest, and the directory replaces the current checkpoint.
  public func commit(trainingStep: Int, write: (URL) throws -> [String]) throws {
    let fm = FileManager.default
    try? fm.removeItem(at: partial)
    try fm.createDirectory(at: partial, withIntermediateDirectories: true)
    let names = try write(partial)
    var entries: [Manifest.Entry] = []
    for name in names {
      let url = partial.appendingPathComponent(name)
      try syncFile(url)
      let (bytes, crc) = try Self.measure(url)
      entries.append(Manifest.Entry(name: name, bytes: bytes, crc32c: crc))
    }
    let manifest = Manifest(format: Self.format, trainingStep: trainingStep, files: entries)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    let manifestURL = partial.appendingPathComponent(Self.manifestName)
    try encoder.encode(manifest).write(to: manifestURL)
    try syncFile(manifestURL)
    try syncFile(partial)
    try? fm.removeItem(at: previous)
    if fm.fileExists(atPath: current.path) { try fm.moveItem(at: current, to: previous) }
    try fm.moveItem(at: partial, to: current)
    try syncFile(runDirectory)
    try? fm.removeItem(at: previous)
  }

  /// Checks the files of a checkpoint (all, or those named in `only`) against its manifest; returns the manifest.
  public static func verify(_ directory: URL, only: Set<String>? = nil) throws -> Manifest {
    let manifestURL = directory.appendingPathComponent(manifestName)
    guard let data = try? Data(contentsOf: manifestURL) else {
      throw CheckpointError("\(directory.path) is not a checkpoint: \(manifestName) is missing or unreadable")
    }
    let manifest: Manifest
    do { manifest = try JSONDecoder().decode(Manifest.self, from: data) } catch {
      throw CheckpointError("\(manifestURL.path) is damaged: \(error)")
    }
    guard manifest.format == format else {
      throw CheckpointError("\(directory.path) has checkpoint format \(manifest.format); this build reads format \(format)")
    }
    if let only, let missing = only.subtracting(manifest.files.map(\.name)).first {
      throw CheckpointError("checkpoint \(directory.path) does not list \(missing)")
    }
    for entry in manifest.files where only?.contains(entry.name) ?? true {
      let url = directory.appendingPathComponent(entry.name)
      guard FileManager.default.fileExists(atPath: url.path) else {
        throw CheckpointError("checkpoint \(directory.path) is incomplete: \(entry.name) is missing")
      }
      let (bytes, crc) = try measure(url)
      guard bytes == entry.bytes, crc == entry.crc32c else {
        throw CheckpointError(
          "checkpoint \(directory.path) is damaged: \(entry.name) has \(bytes) bytes and CRC-32C \(crc), "
            + "the manifest says \(entry.bytes) bytes and \(entry.crc32c)")
      }
    }
    return manifest
  }

  /// A file's size and CRC-32C.
  static func measure(_ url: URL) throws -> (bytes: Int, crc: UInt32) {
    let data: Data
    do { data = try Data(contentsOf: url, options: .alwaysMapped) } catch {
      throw CheckpointError("cannot read \(url.path): \(error.localizedDescription)")
    }
    var crc = CRC32C()
    data.withUnsafeBytes { crc.update($0) }
    return (data.count, crc.value)
  }

  /// fsync of a file or directory, so that a rename after it never exposes unwritten data.
  func syncFile(_ url: URL) throws {
    let fd = open(url.path, O_RDONLY)
    guard fd >= 0 else { throw CheckpointError("cannot open \(url.path) to sync it") }
    defer { close(fd) }
    guard fsync(fd) == 0 else { throw CheckpointError("fsync of \(url.path) failed (errno \(errno))") }
  }

  /// The last file of a checkpoint: what it holds and each file's size and checksum.
  public struct Manifest: Codable, Sendable {
    public struct Entry: Codable, Sendable {
      public var name: String
      public var bytes: Int
      public var crc32c: UInt32
    }
    public var format: Int
    public var trainingStep: Int
    public var files: [Entry]
  }
}
