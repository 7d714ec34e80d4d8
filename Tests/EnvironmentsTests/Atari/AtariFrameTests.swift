import Testing

@testable import Environments

@Suite struct ScreenPaletteTests {
  /// A palette where value v is (v, 255 - v, v / 2) in RGB and v / 3 in gray.
  static let palette = ScreenPalette(
    rgb: (0..<256).flatMap { [UInt8($0), UInt8(255 - $0), UInt8($0 / 2)] }, gray: (0..<256).map { UInt8($0 / 3) })

  @Test func poolsTwoSyntheticFramesPerChannel() {
    // A sprite drawn on even frames only, another on odd frames: the pooled frame shows both, and
    // where colours differ each channel takes its own maximum.
    let even: [UInt8] = [10, 200, 10, 10, 40], odd: [UInt8] = [10, 10, 150, 10, 60]
    var rgb = [UInt8](repeating: 0, count: 15), gray = [UInt8](repeating: 0, count: 5)
    even.withUnsafeBufferPointer { a in
      odd.withUnsafeBufferPointer { b in
        rgb.withUnsafeMutableBufferPointer { Self.palette.rgb(a, pooledWith: b, into: $0) }
        gray.withUnsafeMutableBufferPointer { Self.palette.gray(a, pooledWith: b, into: $0) }
      }
    }
    #expect(rgb == [10, 245, 5, 200, 245, 100, 150, 245, 75, 10, 245, 5, 60, 215, 30])
    #expect(gray == [3, 66, 50, 3, 20])
  }

  @Test(arguments: [1, 2, 17, 210 * 160])
  func poolingEqualsMaxOfConvertedFrames(count: Int) {
    var random = SeededRandom(seed: UInt64(count))
    // Mostly equal frames, as consecutive Atari frames are.
    let a = (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
    let b = a.map { random.uniform(in: 0...3) == 0 ? UInt8(truncatingIfNeeded: random.next()) : $0 }
    func convert(_ frame: [UInt8], _ other: [UInt8]?, channels: Int) -> [UInt8] {
      var out = [UInt8](repeating: 0, count: count * channels)
      frame.withUnsafeBufferPointer { f in
        out.withUnsafeMutableBufferPointer { o in
          if let other {
            other.withUnsafeBufferPointer {
              channels == 3 ? Self.palette.rgb(f, pooledWith: $0, into: o) : Self.palette.gray(f, pooledWith: $0, into: o)
            }
          } else {
            channels == 3 ? Self.palette.rgb(f, pooledWith: nil, into: o) : Self.palette.gray(f, pooledWith: nil, into: o)
          }
        }
      }
      return out
    }
    for channels in [1, 3] {
      let pooled = convert(a, b, channels: channels)
      let expected = zip(convert(a, nil, channels: channels), convert(b, nil, channels: channels)).map { max($0, $1) }
      let same = pooled == expected
      #expect(same, "\(channels) channel(s)")
    }
  }
}

@Suite struct AreaResizerTests {
  /// The exact area mean, computed the slow way with rational weights, rounded half up.
  static func reference(_ source: [UInt8], _ sh: Int, _ sw: Int, _ h: Int, _ w: Int, _ c: Int) -> [UInt8] {
    // Work in units of 1/(h*w) of a source pixel along each axis: output (y, x) covers rows
    // [y*sh, (y+1)*sh) / h and columns [x*sw, (x+1)*sw) / w.
    var out = [UInt8](repeating: 0, count: c * h * w)
    for channel in 0..<c {
      for y in 0..<h {
        for x in 0..<w {
          var sum = 0
          for j in (y * sh / h)..<min(sh, ((y + 1) * sh + h - 1) / h) {
            let wy = max(0, min((y + 1) * sh, (j + 1) * h) - max(y * sh, j * h))
            if wy == 0 { continue }
            for i in (x * sw / w)..<min(sw, ((x + 1) * sw + w - 1) / w) {
              let wx = max(0, min((x + 1) * sw, (i + 1) * w) - max(x * sw, i * w))
              sum += wy * wx * Int(source[(j * sw + i) * c + channel])
            }
          }
          let total = sh * sw
          out[channel * h * w + y * w + x] = UInt8((2 * sum + total) / (2 * total))
        }
      }
    }
    return out
  }

  @Test(arguments: [
    (210, 160, 96, 96), (210, 160, 84, 84), (7, 5, 3, 2), (10, 10, 10, 10), (9, 13, 4, 5), (210, 160, 64, 64),
  ])
  func matchesTheExactAreaMean(size: (Int, Int, Int, Int)) {
    let (sh, sw, h, w) = size
    for channels in [1, 3] {
      var random = SeededRandom(seed: UInt64(sh * 1000 + h * 10 + channels))
      let source = (0..<(sh * sw * channels)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
      var resizer = AreaResizer(sourceHeight: sh, sourceWidth: sw, height: h, width: w, channels: channels)
      var output = [UInt8](repeating: 0, count: resizer.outputCount)
      source.withUnsafeBufferPointer { s in output.withUnsafeMutableBufferPointer { resizer.resize(s, into: $0) } }
      #expect(output == Self.reference(source, sh, sw, h, w, channels), "\(size) x \(channels)")
    }
  }

  @Test func interleavedColourBecomesPlanar() {
    // A 2x2 RGB image halved: each plane is the mean of its channel.
    let source: [UInt8] = [10, 20, 30, 12, 22, 32, 14, 24, 34, 16, 26, 36]
    var resizer = AreaResizer(sourceHeight: 2, sourceWidth: 2, height: 1, width: 1, channels: 3)
    var output = [UInt8](repeating: 0, count: 3)
    source.withUnsafeBufferPointer { s in output.withUnsafeMutableBufferPointer { resizer.resize(s, into: $0) } }
    #expect(output == [13, 23, 33])
  }
}
