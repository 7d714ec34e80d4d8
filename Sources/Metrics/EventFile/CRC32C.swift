/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of TFRecord framing.
public struct CRC32C: Sendable {
  /// One entry per byte value; built once, read only.
  private static let table: [UInt32] = (0..<256).map { byte in
    var crc = UInt32(byte)
    for _ in 0..<8 {
      crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1
    }
    return crc
  }

  /// The running register, kept inverted as the algorithm specifies.
  private var state: UInt32 = 0xFFFF_FFFF

  public init() {}

  public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
    let table = Self.table
    var crc = state
    for byte in bytes {
      crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
    }
    state = crc
  }

  /// The same over raw memory, without the generic sequence's per-byte overhead (checkpoint files are large).
  public mutating func update(_ bytes: UnsafeRawBufferPointer) {
    Self.table.withUnsafeBufferPointer { table in
      var crc = state
      for byte in bytes {
        crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
      }
      state = crc
    }
  }

  public var value: UInt32 { state ^ 0xFFFF_FFFF }

  public static func checksum<Bytes: Sequence>(_ bytes: Bytes) -> UInt32 where Bytes.Element == UInt8 {
    var crc = CRC32C()
    crc.update(bytes)
    return crc.value
  }

  /// TFRecord stores checksums masked, because a CRC computed over data that itself
  /// contains CRCs is weak; rotating and adding a constant avoids that.
  public static func masked(_ crc: UInt32) -> UInt32 {
    ((crc >> 15) | (crc << 17)) &+ 0xA282_EAD8
  }

  public static func maskedChecksum<Bytes: Sequence>(_ bytes: Bytes) -> UInt32 where Bytes.Element == UInt8 {
    masked(checksum(bytes))
  }
}
