import Foundation

/// Writes little-endian scalars and raw arrays to a new file through a buffer.
final class BinaryFileWriter {
  let path: String
  private let handle: FileHandle
  private var buffer: [UInt8] = []

  init(path: String) throws {
    self.path = path
    guard FileManager.default.createFile(atPath: path, contents: nil) else {
      throw CheckpointError("cannot create \(path)")
    }
    handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    buffer.reserveCapacity(1 << 20)
  }

  func write<T: FixedWidthInteger>(_ value: T) throws {
    try withUnsafeBytes(of: value.littleEndian) { try writeRaw($0) }
  }
  func write(_ value: Double) throws { try write(value.bitPattern) }
  func write(_ value: Bool) throws { try write(UInt8(value ? 1 : 0)) }
  func write(_ text: String) throws {
    let bytes = Array(text.utf8)
    try write(UInt64(bytes.count))
    try bytes.withUnsafeBytes { try writeRaw($0) }
  }
  /// An array of plain values: its count, then its memory (this machine is little-endian, as the reader checks).
  func write<T: BitwiseCopyable>(array: [T]) throws {
    try write(UInt64(array.count))
    try array.withUnsafeBytes { try writeRaw($0) }
  }

  func writeRaw(_ bytes: UnsafeRawBufferPointer) throws {
    if buffer.count + bytes.count > (1 << 20) { try drain() }
    if bytes.count >= (1 << 20) {
      try handle.write(contentsOf: Data(bytes))
    } else {
      buffer.append(contentsOf: bytes)
    }
  }

  private func drain() throws {
    guard !buffer.isEmpty else { return }
    try handle.write(contentsOf: buffer)
    buffer.removeAll(keepingCapacity: true)
  }

  /// Flushes, syncs to disk and closes.
  func finish() throws {
    try drain()
    try handle.synchronize()
    try handle.close()
  }
}

/// Reads what `BinaryFileWriter` wrote, checking every read against the file's length, so that a
/// truncated or damaged file is an error naming the file, never a crash.
final class BinaryFileReader {
  let path: String
  private let data: Data
  private var offset = 0

  init(path: String) throws {
    self.path = path
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
    } catch {
      throw CheckpointError("cannot read \(path): \(error.localizedDescription)")
    }
  }

  var isAtEnd: Bool { offset == data.count }

  private func take(_ count: Int, _ what: String) throws -> Range<Int> {
    guard count >= 0, count <= data.count - offset else {
      throw CheckpointError("\(path) is truncated: \(what) needs \(count) bytes at offset \(offset), \(data.count - offset) remain")
    }
    defer { offset += count }
    return offset..<(offset + count)
  }

  func read<T: FixedWidthInteger>(_: T.Type, _ what: String) throws -> T {
    let range = try take(MemoryLayout<T>.size, what)
    var value = T.zero
    _ = withUnsafeMutableBytes(of: &value) { data.copyBytes(to: $0, from: range) }
    return T(littleEndian: value)
  }
  func readDouble(_ what: String) throws -> Double { Double(bitPattern: try read(UInt64.self, what)) }
  func readBool(_ what: String) throws -> Bool { try read(UInt8.self, what) != 0 }
  func readCount(_ what: String, limit: Int = Int.max) throws -> Int {
    let n = try read(UInt64.self, what)
    guard n <= UInt64(min(limit, data.count)) else { throw CheckpointError("\(path): \(what) has an impossible count \(n)") }
    return Int(n)
  }
  func readString(_ what: String) throws -> String {
    let range = try take(try readCount(what), what)
    guard let s = String(data: data[range], encoding: .utf8) else { throw CheckpointError("\(path): \(what) is not UTF-8") }
    return s
  }
  func readArray<T: BitwiseCopyable>(of _: T.Type, _ what: String) throws -> [T] {
    let count = try readCount(what)
    let stride = MemoryLayout<T>.stride
    guard count <= (data.count - offset) / max(stride, 1) else {
      throw CheckpointError("\(path) is truncated: \(what) claims \(count) elements")
    }
    let range = try take(count * stride, what)
    return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
      _ = data.copyBytes(to: UnsafeMutableRawBufferPointer(buffer), from: range)
      initialized = count
    }
  }
}
