import Testing
@testable import Metrics

struct ImageEncodingTests {
  @Test func checksumsMatchPublishedValues() {
    // The CRC that ends every PNG file (of "IEND") and Adler-32's worked example.
    #expect(Checksums.crc32(Array("IEND".utf8)) == 0xAE42_6082)
    #expect(Checksums.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
    #expect(Checksums.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
  }

  @Test func planarObservationsBecomeInterleavedPixels() {
    // Two planes (R then G then B) of a 2x1 image.
    let image = RasterImage(planar: [1, 2, 3, 4, 5, 6], width: 2, height: 1, channels: 3)
    #expect(image.pixels == [1, 3, 5, 2, 4, 6])
    let big = RasterImage(width: 1, height: 1, channels: 1, pixels: [7]).enlarged(by: 2)
    #expect(big.pixels == [7, 7, 7, 7] && big.width == 2)
    let grid = RasterImage.grid(
      [RasterImage(width: 1, height: 1, channels: 1, pixels: [1]), RasterImage(width: 1, height: 1, channels: 1, pixels: [2]),
       RasterImage(width: 1, height: 1, channels: 1, pixels: [3])], columns: 2, gap: 1, background: 9)
    #expect(grid.width == 3 && grid.height == 3)
    #expect(grid.pixels == [1, 9, 2, 9, 9, 9, 3, 9, 9])
  }

  @Test(arguments: [(1, 7, 5), (3, 9, 4), (3, 200, 120)])
  func pngDecodesBackToThePixels(channels: Int, width: Int, height: Int) throws {
    var random = SplitMix(seed: UInt64(width))
    let pixels = (0..<(width * height * channels)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
    let image = RasterImage(width: width, height: height, channels: channels, pixels: pixels)
    let decoded = try PNGReader.decode(image.png())
    #expect(decoded == image)
  }

  @Test(arguments: [0, 1, 2])
  func gifFramesDecodeBackToTheirColours(kind: Int) throws {
    var random = SplitMix(seed: UInt64(kind))
    let width = 37
    let height = 23
    let frames: [RasterImage] = (0..<3).map { f in
      let pixels: [UInt8] = (0..<(width * height)).flatMap { i -> [UInt8] in
        switch kind {
        case 0: return [UInt8(i % 5 * 40), 0, UInt8(f * 50)]  // few colours, long runs: the table fills and clears
        case 1: return [UInt8(truncatingIfNeeded: random.next() % 200), 17, 3]  // 200 colours
        default:
          let x = random.next()  // more than 256 colours: quantised
          return [UInt8(truncatingIfNeeded: x), UInt8(truncatingIfNeeded: x >> 8), UInt8(truncatingIfNeeded: x >> 16)]
        }
      }
      return RasterImage(width: width, height: height, channels: 3, pixels: pixels)
    }
    let decoded = try GIFReader.decode(AnimatedGIF.encode(frames, delay: 7))
    #expect(decoded.count == 3)
    for (frame, back) in zip(frames, decoded) {
      if kind < 2 {
        #expect(back == frame)
      } else {
        // 3-3-2 bits: every primary within one quantisation step.
        for (a, b) in zip(frame.pixels, back.pixels) { #expect(abs(Int(a) - Int(b)) <= 85) }
      }
    }
  }

  @Test func lzwRoundTripsLongInputsAcrossTableClears() throws {
    var random = SplitMix(seed: 3)
    for length in [0, 1, 2, 300, 70_000] {
      let input = (0..<length).map { i in i % 1000 < 500 ? UInt8(i % 3) : UInt8(truncatingIfNeeded: random.next()) }
      #expect(try GIFReader.lzwDecode(AnimatedGIF.lzw(input)) == input, "length \(length)")
    }
  }
}

/// A small deterministic generator for test data.
struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

struct DecodeError: Error, CustomStringConvertible {
  var description: String
  init(_ d: String) { description = d }
}

/// Reads back what `png()` writes (stored deflate blocks, filter 0), checking every CRC and the Adler-32.
enum PNGReader {
  static func decode(_ bytes: [UInt8]) throws -> RasterImage {
    guard Array(bytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] else { throw DecodeError("signature") }
    var at = 8
    var width = 0, height = 0, channels = 0
    var zlib: [UInt8] = []
    func u32(_ i: Int) -> Int { Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3]) }
    while at < bytes.count {
      let length = u32(at)
      let type = String(decoding: bytes[(at + 4)..<(at + 8)], as: UTF8.self)
      let data = Array(bytes[(at + 8)..<(at + 8 + length)])
      guard UInt32(u32(at + 8 + length)) == Checksums.crc32(bytes[(at + 4)..<(at + 8 + length)]) else { throw DecodeError("CRC of \(type)") }
      switch type {
      case "IHDR":
        width = u32(at + 8)
        height = u32(at + 12)
        guard data[8] == 8 else { throw DecodeError("depth") }
        channels = data[9] == 2 ? 3 : 1
      case "IDAT": zlib += data
      default: break
      }
      at += 12 + length
    }
    var raw: [UInt8] = []
    var i = 2
    while true {
      let final = zlib[i] & 1
      let n = Int(zlib[i + 1]) | Int(zlib[i + 2]) << 8
      guard n == ~(Int(zlib[i + 3]) | Int(zlib[i + 4]) << 8) & 0xFFFF else { throw DecodeError("stored length") }
      raw += zlib[(i + 5)..<(i + 5 + n)]
      i += 5 + n
      if final == 1 { break }
    }
    let adler = UInt32(zlib[i]) << 24 | UInt32(zlib[i + 1]) << 16 | UInt32(zlib[i + 2]) << 8 | UInt32(zlib[i + 3])
    guard adler == Checksums.adler32(raw) else { throw DecodeError("Adler-32") }
    var pixels: [UInt8] = []
    let row = width * channels
    for r in 0..<height {
      guard raw[r * (row + 1)] == 0 else { throw DecodeError("filter") }
      pixels += raw[(r * (row + 1) + 1)..<((r + 1) * (row + 1))]
    }
    return RasterImage(width: width, height: height, channels: channels, pixels: pixels)
  }
}

/// Reads back what `AnimatedGIF.encode` writes: the global palette and each frame's LZW data.
enum GIFReader {
  static func decode(_ bytes: [UInt8]) throws -> [RasterImage] {
    guard String(decoding: bytes.prefix(6), as: UTF8.self) == "GIF89a" else { throw DecodeError("signature") }
    let width = Int(bytes[6]) | Int(bytes[7]) << 8
    let height = Int(bytes[8]) | Int(bytes[9]) << 8
    guard bytes[10] == 0xF7 else { throw DecodeError("global table") }
    let palette = Array(bytes[13..<(13 + 768)])
    var at = 13 + 768
    var frames: [RasterImage] = []
    while bytes[at] != 0x3B {
      switch bytes[at] {
      case 0x21:
        at += 2
        while bytes[at] != 0 { at += Int(bytes[at]) + 1 }
        at += 1
      case 0x2C:
        at += 10
        guard bytes[at] == 8 else { throw DecodeError("code size") }
        at += 1
        var data: [UInt8] = []
        while bytes[at] != 0 {
          data += bytes[(at + 1)..<(at + 1 + Int(bytes[at]))]
          at += Int(bytes[at]) + 1
        }
        at += 1
        let indices = try lzwDecode(data)
        guard indices.count == width * height else { throw DecodeError("frame size \(indices.count)") }
        frames.append(
          RasterImage(width: width, height: height, channels: 3, pixels: indices.flatMap { Array(palette[(Int($0) * 3)..<(Int($0) * 3 + 3)]) }))
      default: throw DecodeError("block \(bytes[at])")
      }
    }
    return frames
  }

  static func lzwDecode(_ data: [UInt8]) throws -> [UInt8] {
    var table: [[UInt8]] = []
    func reset() { table = (0..<256).map { [UInt8($0)] } + [[], []] }
    reset()
    var codeSize = 9
    var bit = 0
    var previous: [UInt8]? = nil
    var out: [UInt8] = []
    while bit + codeSize <= data.count * 8 {
      var code = 0
      for b in 0..<codeSize where data[(bit + b) / 8] & (1 << UInt8((bit + b) % 8)) != 0 { code |= 1 << b }
      bit += codeSize
      if code == 256 {
        reset()
        codeSize = 9
        previous = nil
        continue
      }
      if code == 257 { return out }
      let entry: [UInt8]
      if code < table.count {
        entry = table[code]
      } else if code == table.count, let previous {
        entry = previous + [previous[0]]
      } else {
        throw DecodeError("code \(code) past the table (\(table.count))")
      }
      out += entry
      if let previous, table.count < 4096 {
        table.append(previous + [entry[0]])
        if table.count == 1 << codeSize && codeSize < 12 { codeSize += 1 }
      }
      previous = entry
    }
    throw DecodeError("no end code")
  }
}
