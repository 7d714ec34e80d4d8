extension RasterImage {
  /// The image as a PNG file (8-bit gray or RGB, no interlacing). The zlib stream holds stored
  /// (uncompressed) deflate blocks: no compression library needed, and any viewer opens it.
  public func png() -> [UInt8] {
    var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    var header: [UInt8] = []
    header.appendBigEndian(UInt32(width))
    header.appendBigEndian(UInt32(height))
    header += [8, channels == 3 ? 2 : 0, 0, 0, 0]  // depth, colour type, compression, filter, interlace
    out.appendChunk("IHDR", header)
    // Each row starts with its filter type (0: none).
    let rowBytes = width * channels
    var raw: [UInt8] = []
    raw.reserveCapacity(height * (rowBytes + 1))
    for row in 0..<height {
      raw.append(0)
      raw += pixels[(row * rowBytes)..<((row + 1) * rowBytes)]
    }
    out.appendChunk("IDAT", Self.zlibStored(raw))
    out.appendChunk("IEND", [])
    return out
  }

  /// A zlib stream of stored deflate blocks (at most 65,535 bytes each).
  static func zlibStored(_ data: [UInt8]) -> [UInt8] {
    var out: [UInt8] = [0x78, 0x01]
    var start = 0
    repeat {
      let length = min(65535, data.count - start)
      let last = start + length == data.count
      out.append(last ? 1 : 0)
      out += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
      out += data[start..<(start + length)]
      start += length
    } while start < data.count
    out.appendBigEndian(Checksums.adler32(data))
    return out
  }
}

extension [UInt8] {
  mutating func appendBigEndian(_ x: UInt32) {
    append(contentsOf: [UInt8(x >> 24), UInt8((x >> 16) & 0xFF), UInt8((x >> 8) & 0xFF), UInt8(x & 0xFF)])
  }

  /// A PNG chunk: length, type, data, CRC of type and data.
  mutating func appendChunk(_ type: String, _ data: [UInt8]) {
    appendBigEndian(UInt32(data.count))
    let typed = Array(type.utf8) + data
    append(contentsOf: typed)
    appendBigEndian(Checksums.crc32(typed))
  }
}
