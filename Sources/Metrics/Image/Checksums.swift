/// The checksums PNG needs: CRC-32 (ISO 3309, as in zlib) and Adler-32.
enum Checksums {
  static let crcTable: [UInt32] = (0..<256).map { n in
    var c = UInt32(n)
    for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
    return c
  }

  static func crc32<C: Collection<UInt8>>(_ bytes: C, start: UInt32 = 0) -> UInt32 {
    var c = ~start
    for b in bytes { c = crcTable[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
    return ~c
  }

  static func adler32<C: Collection<UInt8>>(_ bytes: C) -> UInt32 {
    var a: UInt32 = 1
    var b: UInt32 = 0
    for byte in bytes {
      a = (a + UInt32(byte)) % 65521
      b = (b + a) % 65521
    }
    return (b << 16) | a
  }
}
