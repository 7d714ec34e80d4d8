import Foundation

/// TFRecord framing: each record is
/// `uint64 length (LE) | uint32 masked crc32c(length bytes) | data | uint32 masked crc32c(data)`.
public enum TFRecord {
  static let headerSize = 12
  static let footerSize = 4

  /// Frames one payload.
  public static func frame(_ payload: Data) -> Data {
    var record = Data(capacity: headerSize + payload.count + footerSize)
    let length = littleEndianBytes(UInt64(payload.count))
    record.append(contentsOf: length)
    record.append(contentsOf: littleEndianBytes(CRC32C.maskedChecksum(length)))
    record.append(payload)
    record.append(contentsOf: littleEndianBytes(CRC32C.maskedChecksum(payload)))
    return record
  }

  /// A payload and the byte offset of the record that held it.
  public struct Record: Sendable, Equatable {
    public var offset: Int
    public var payload: Data
  }

  /// Splits `data` into records, verifying both checksums of each.
  ///
  /// A file being written, or cut short by a crash, may end in a partial record;
  /// `allowTruncatedTail` drops it instead of failing.
  public static func records(in data: Data, allowTruncatedTail: Bool = false) throws(EventFileError) -> [Record] {
    let bytes = [UInt8](data)
    var records: [Record] = []
    var offset = 0
    while offset < bytes.count {
      let remaining = bytes.count - offset
      guard remaining >= headerSize else {
        if allowTruncatedTail { break }
        throw .truncatedRecord(offset: offset, needed: headerSize, available: remaining)
      }
      let lengthBytes = bytes[offset..<offset + 8]
      let storedLengthCRC = readUInt32(bytes, at: offset + 8)
      let lengthCRC = CRC32C.maskedChecksum(lengthBytes)
      guard storedLengthCRC == lengthCRC else {
        throw .lengthChecksumMismatch(offset: offset, stored: storedLengthCRC, computed: lengthCRC)
      }
      let length = readUInt64(bytes, at: offset)
      let needed = UInt64(headerSize + footerSize) + length
      guard needed <= UInt64(remaining) else {
        if allowTruncatedTail { break }
        throw .truncatedRecord(offset: offset, needed: Int(clamping: needed), available: remaining)
      }
      let start = offset + headerSize
      let end = start + Int(length)
      let payload = bytes[start..<end]
      let storedDataCRC = readUInt32(bytes, at: end)
      let dataCRC = CRC32C.maskedChecksum(payload)
      guard storedDataCRC == dataCRC else {
        throw .dataChecksumMismatch(offset: offset, stored: storedDataCRC, computed: dataCRC)
      }
      records.append(Record(offset: offset, payload: Data(payload)))
      offset = end + footerSize
    }
    return records
  }

  private static func littleEndianBytes<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
    withUnsafeBytes(of: value.littleEndian) { Array($0) }
  }

  private static func readUInt64(_ bytes: [UInt8], at offset: Int) -> UInt64 {
    (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[offset + $1]) << (8 * UInt64($1)) }
  }

  private static func readUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
    (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * UInt32($1)) }
  }
}
