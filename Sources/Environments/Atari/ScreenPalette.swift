/// Turns raw Atari pixel values into gray or interleaved RGB frames, optionally max-pooling two frames.
///
/// Pooling while converting gives exactly the per-channel maximum of the two converted frames, for
/// less work than converting both: consecutive frames mostly agree, and where four pixels in a row
/// agree, four lookups give the answer. Pixels go four at a time so that RGB needs three aligned
/// 4-byte stores per four pixels instead of twelve byte stores.
public struct ScreenPalette: Sendable {
  /// R | G << 8 | B << 16 per pixel value: stored little-endian, the low three bytes are R, G, B.
  private let packedRGB: [UInt32]
  private let luminance: [UInt8]

  /// `rgb`: 768 bytes, R, G, B of each pixel value; `gray`: 256 luminance bytes.
  public init(rgb: [UInt8], gray: [UInt8]) {
    precondition(rgb.count == 768 && gray.count == 256, "a palette has 256 entries")
    packedRGB = (0..<256).map { UInt32(rgb[3 * $0]) | UInt32(rgb[3 * $0 + 1]) << 8 | UInt32(rgb[3 * $0 + 2]) << 16 }
    luminance = gray
  }

  /// Writes `a` (pooled with `b` where given) as one luminance byte per pixel.
  public func gray(
    _ a: UnsafeBufferPointer<UInt8>, pooledWith b: UnsafeBufferPointer<UInt8>?, into out: UnsafeMutableBufferPointer<UInt8>
  ) {
    let count = a.count
    precondition(out.count >= count && (b?.count ?? count) == count, "screen buffers differ in size")
    guard count > 0 else { return }
    luminance.withUnsafeBufferPointer { table in
      let (a, b, out) = (a.baseAddress!, (b ?? a).baseAddress!, out.baseAddress!)
      @inline(__always) func pixel(_ i: Int) -> UInt8 { max(table[Int(a[i])], table[Int(b[i])]) }
      var i = 0
      while i + 4 <= count {
        let word = UnsafeRawPointer(a + i).loadUnaligned(as: UInt32.self)
        if word == UnsafeRawPointer(b + i).loadUnaligned(as: UInt32.self) {
          out[i] = table[Int(word & 0xFF)]
          out[i + 1] = table[Int(word >> 8 & 0xFF)]
          out[i + 2] = table[Int(word >> 16 & 0xFF)]
          out[i + 3] = table[Int(word >> 24)]
        } else {
          for j in i..<(i + 4) { out[j] = pixel(j) }
        }
        i += 4
      }
      while i < count {
        out[i] = pixel(i)
        i += 1
      }
    }
  }

  /// Writes `a` (pooled with `b` where given) as interleaved R, G, B.
  public func rgb(
    _ a: UnsafeBufferPointer<UInt8>, pooledWith b: UnsafeBufferPointer<UInt8>?, into out: UnsafeMutableBufferPointer<UInt8>
  ) {
    let count = a.count
    precondition(out.count >= 3 * count && (b?.count ?? count) == count, "screen buffers differ in size")
    guard count > 0 else { return }
    packedRGB.withUnsafeBufferPointer { table in
      let (a, b, out) = (a.baseAddress!, (b ?? a).baseAddress!, out.baseAddress!)
      let raw = UnsafeMutableRawPointer(out)
      @inline(__always) func pixel(_ i: Int) -> UInt32 {
        let p = table[Int(a[i])], q = table[Int(b[i])]
        return max(p & 0xFF, q & 0xFF) | max(p & 0xFF00, q & 0xFF00) | max(p & 0xFF_0000, q & 0xFF_0000)
      }
      var i = 0
      while i + 4 <= count {
        let word = UnsafeRawPointer(a + i).loadUnaligned(as: UInt32.self)
        let c0: UInt32, c1: UInt32, c2: UInt32, c3: UInt32
        if word == UnsafeRawPointer(b + i).loadUnaligned(as: UInt32.self) {
          (c0, c1, c2, c3) = (
            table[Int(word & 0xFF)], table[Int(word >> 8 & 0xFF)], table[Int(word >> 16 & 0xFF)], table[Int(word >> 24)]
          )
        } else {
          (c0, c1, c2, c3) = (pixel(i), pixel(i + 1), pixel(i + 2), pixel(i + 3))
        }
        // R0 G0 B0 R1 | G1 B1 R2 G2 | B2 R3 G3 B3
        raw.storeBytes(of: (c0 | c1 << 24).littleEndian, toByteOffset: 3 * i, as: UInt32.self)
        raw.storeBytes(of: (c1 >> 8 | c2 << 16).littleEndian, toByteOffset: 3 * i + 4, as: UInt32.self)
        raw.storeBytes(of: (c2 >> 16 | c3 << 8).littleEndian, toByteOffset: 3 * i + 8, as: UInt32.self)
        i += 4
      }
      while i < count {
        let c = pixel(i)
        out[3 * i] = UInt8(truncatingIfNeeded: c)
        out[3 * i + 1] = UInt8(truncatingIfNeeded: c >> 8)
        out[3 * i + 2] = UInt8(truncatingIfNeeded: c >> 16)
        i += 1
      }
    }
  }
}
