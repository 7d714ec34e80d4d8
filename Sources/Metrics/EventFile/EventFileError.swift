/// Why an event file could not be read. Offsets are byte offsets of the record's start.
public enum EventFileError: Error, Equatable, CustomStringConvertible {
  case truncatedRecord(offset: Int, needed: Int, available: Int)
  case lengthChecksumMismatch(offset: Int, stored: UInt32, computed: UInt32)
  case dataChecksumMismatch(offset: Int, stored: UInt32, computed: UInt32)
  case undecodableEvent(offset: Int, reason: String)
  case missingFileVersion(found: String?)

  public var description: String {
    switch self {
    case let .truncatedRecord(offset, needed, available):
      "event file truncated: record at byte \(offset) needs \(needed) bytes, only \(available) remain"
    case let .lengthChecksumMismatch(offset, stored, computed):
      "event file corrupt: length checksum of record at byte \(offset) is \(hex(stored)), expected \(hex(computed))"
    case let .dataChecksumMismatch(offset, stored, computed):
      "event file corrupt: data checksum of record at byte \(offset) is \(hex(stored)), expected \(hex(computed))"
    case let .undecodableEvent(offset, reason):
      "event file corrupt: record at byte \(offset) is not an Event protobuf (\(reason))"
    case let .missingFileVersion(found):
      "not a TensorBoard event file: first record has file_version \(found.map { "\"\($0)\"" } ?? "unset"), expected \"\(EventFileWriter.fileVersion)\""
    }
  }
}

private func hex(_ value: UInt32) -> String {
  "0x" + String(value, radix: 16, uppercase: true)
}
