/// Animated GIF (GIF89a) of same-sized frames, looping forever. Colours: one global palette, exact
/// when all frames together use at most 256 colours (Atari screens do), else 3-3-2 bits of R, G, B.
public enum AnimatedGIF {
  /// `delay`: hundredths of a second per frame.
  public static func encode(_ frames: [RasterImage], delay: Int = 4) -> [UInt8] {
    precondition(!frames.isEmpty, "a GIF needs a frame")
    let width = frames[0].width
    let height = frames[0].height
    precondition(frames.allSatisfy { $0.width == width && $0.height == height }, "frames of one GIF share a size")
    precondition(width <= 65535 && height <= 65535 && (0...65535).contains(delay))
    let palette = GIFPalette(frames)
    var out = Array("GIF89a".utf8)
    out.appendLittleEndian(UInt16(width))
    out.appendLittleEndian(UInt16(height))
    out += [0xF7, 0, 0]  // a global table of 256 colours, 8 bits per primary; background 0; square pixels
    out += palette.table
    out += [0x21, 0xFF, 0x0B] + Array("NETSCAPE2.0".utf8) + [0x03, 0x01, 0x00, 0x00, 0x00]  // loop forever
    for frame in frames {
      out += [0x21, 0xF9, 0x04, 0x04]  // graphic control: keep the frame, no transparency
      out.appendLittleEndian(UInt16(delay))
      out += [0x00, 0x00]
      out += [0x2C, 0, 0, 0, 0]  // image descriptor at (0, 0), no local table
      out.appendLittleEndian(UInt16(width))
      out.appendLittleEndian(UInt16(height))
      out.append(0)
      out.append(8)  // LZW minimum code size
      let data = lzw(palette.indices(of: frame))
      var start = 0
      while start < data.count {
        let n = min(255, data.count - start)
        out.append(UInt8(n))
        out += data[start..<(start + n)]
        start += n
      }
      out.append(0)
    }
    out.append(0x3B)
    return out
  }

  /// GIF's variable-width LZW over 8-bit indices: codes from 9 to 12 bits, least significant bit
  /// first, a clear code when the table is full.
  static func lzw(_ indices: [UInt8]) -> [UInt8] {
    let clear = 256
    let end = 257
    var writer = BitWriter()
    var codeSize = 9
    var lastCode = end
    var table: [Int: Int] = [:]
    writer.write(clear, bits: codeSize)
    guard var current = indices.first.map(Int.init) else {
      writer.write(end, bits: codeSize)
      return writer.finish()
    }
    for index in indices.dropFirst() {
      let key = current << 8 | Int(index)
      if let code = table[key] {
        current = code
        continue
      }
      writer.write(current, bits: codeSize)
      lastCode += 1
      table[key] = lastCode
      if lastCode >= 1 << codeSize { codeSize += 1 }
      if lastCode == 4095 {
        writer.write(clear, bits: codeSize)
        table.removeAll(keepingCapacity: true)
        codeSize = 9
        lastCode = end
      }
      current = Int(index)
    }
    writer.write(current, bits: codeSize)
    writer.write(end, bits: codeSize)
    return writer.finish()
  }
}

/// The colours of a GIF and the index of each pixel.
private struct GIFPalette {
  /// 256 x RGB.
  var table: [UInt8]
  var exact: [UInt32: UInt8]?

  init(_ frames: [RasterImage]) {
    var colours: [UInt32: UInt8] = [:]
    var order: [UInt32] = []
    outer: for frame in frames {
      for row in 0..<frame.height {
        for column in 0..<frame.width {
          let key = GIFPalette.key(frame.rgb(row: row, column: column))
          if colours[key] == nil {
            guard order.count < 256 else {
              order = []
              break outer
            }
            colours[key] = UInt8(order.count)
            order.append(key)
          }
        }
      }
    }
    if order.isEmpty {
      exact = nil
      var levels: [UInt8] = []
      for i in 0..<256 {
        let red = (i >> 5) * 255 / 7
        let green = ((i >> 2) & 7) * 255 / 7
        let blue = (i & 3) * 255 / 3
        levels += [UInt8(red), UInt8(green), UInt8(blue)]
      }
      table = levels
    } else {
      exact = colours
      table = order.flatMap { [UInt8($0 >> 16), UInt8(($0 >> 8) & 0xFF), UInt8($0 & 0xFF)] }
      table += [UInt8](repeating: 0, count: 768 - table.count)
    }
  }

  static func key(_ c: (UInt8, UInt8, UInt8)) -> UInt32 { UInt32(c.0) << 16 | UInt32(c.1) << 8 | UInt32(c.2) }

  func indices(of frame: RasterImage) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(frame.width * frame.height)
    for row in 0..<frame.height {
      for column in 0..<frame.width {
        let c = frame.rgb(row: row, column: column)
        if let exact {
          out.append(exact[GIFPalette.key(c)]!)
        } else {
          out.append((c.0 >> 5) << 5 | (c.1 >> 5) << 2 | c.2 >> 6)
        }
      }
    }
    return out
  }
}

/// Packs codes least significant bit first.
private struct BitWriter {
  var bytes: [UInt8] = []
  var buffer: UInt32 = 0
  var count = 0

  mutating func write(_ code: Int, bits: Int) {
    buffer |= UInt32(code) << UInt32(count)
    count += bits
    while count >= 8 {
      bytes.append(UInt8(buffer & 0xFF))
      buffer >>= 8
      count -= 8
    }
  }

  mutating func finish() -> [UInt8] {
    if count > 0 { bytes.append(UInt8(buffer & 0xFF)) }
    return bytes
  }
}

extension [UInt8] {
  mutating func appendLittleEndian(_ x: UInt16) { append(contentsOf: [UInt8(x & 0xFF), UInt8(x >> 8)]) }
}
