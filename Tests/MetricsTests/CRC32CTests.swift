import Testing
@testable import Metrics

@Suite struct CRC32CTests {
  @Test func checkValue() {
    #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
  }

  @Test func emptyInput() {
    #expect(CRC32C.checksum([UInt8]()) == 0)
  }

  /// The test vectors of RFC 3720 (iSCSI), appendix B.4.
  @Test(arguments: [
    ([UInt8](repeating: 0, count: 32), UInt32(0x8A91_36AA)),
    ([UInt8](repeating: 0xFF, count: 32), UInt32(0x62A8_AB43)),
    ((0..<32).map(UInt8.init), UInt32(0x46DD_794E)),
    ((0..<32).reversed().map(UInt8.init), UInt32(0x113F_DB5C)),
  ])
  func rfc3720Vectors(bytes: [UInt8], expected: UInt32) {
    #expect(CRC32C.checksum(bytes) == expected)
  }

  @Test func incrementalUpdatesMatchOneShot() {
    let bytes = Array("The quick brown fox jumps over the lazy dog".utf8)
    var crc = CRC32C()
    crc.update(bytes[..<10])
    crc.update(bytes[10...])
    #expect(crc.value == CRC32C.checksum(bytes))
    #expect(crc.value == 0x2262_0404)
  }

  /// Values from TensorBoard's own `masked_crc32c` (tensorboard.compat.tensorflow_stub).
  @Test func maskedValuesMatchTensorBoard() {
    #expect(CRC32C.maskedChecksum(Array("123456789".utf8)) == 0xC78A_B0E5)
    #expect(CRC32C.maskedChecksum([UInt8]()) == 0xA282_EAD8)
    #expect(CRC32C.maskedChecksum([3, 0, 0, 0, 0, 0, 0, 0]) == 0x0E49_99B0)
  }

  @Test func maskRotatesAndOffsets() {
    let crc: UInt32 = 0xE306_9283
    let masked = CRC32C.masked(crc)
    #expect(masked == ((crc >> 15) | (crc << 17)) &+ 0xA282_EAD8)
    // Undoing the mask gives the checksum back.
    let rotated = masked &- 0xA282_EAD8
    #expect(((rotated >> 17) | (rotated << 15)) == crc)
  }
}
