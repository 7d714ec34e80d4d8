import Foundation
import Testing
@testable import Metrics

@Suite struct TFRecordTests {
  private let payloads = [Data("first".utf8), Data(), Data(repeating: 7, count: 1000)]

  private var framed: Data { payloads.map(TFRecord.frame).reduce(Data(), +) }

  @Test func frameLayout() {
    let record = TFRecord.frame(Data("abc".utf8))
    #expect(record.count == 12 + 3 + 4)
    #expect(Array(record.prefix(8)) == [3, 0, 0, 0, 0, 0, 0, 0])
    let lengthCRC = record.dropFirst(8).prefix(4).enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * $1.offset) }
    #expect(lengthCRC == CRC32C.maskedChecksum([3, 0, 0, 0, 0, 0, 0, 0]))
  }

  @Test func roundTrip() throws {
    let records = try TFRecord.records(in: framed)
    #expect(records.map(\.payload) == payloads)
    #expect(records.map(\.offset) == [0, 21, 37])
  }

  @Test func corruptDataByteNamesTheRecord() throws {
    var data = framed
    data[37 + 12 + 100] ^= 0x01  // inside the third payload
    let error = try #require(throws: EventFileError.self) { try TFRecord.records(in: data) }
    guard case .dataChecksumMismatch(offset: 37, _, _) = error else {
      Issue.record("unexpected error: \(error)")
      return
    }
  }

  @Test func corruptLengthIsCaughtBeforeUse() throws {
    var data = framed
    data[21] = 0xFF  // the second record's length
    let error = try #require(throws: EventFileError.self) { try TFRecord.records(in: data) }
    guard case .lengthChecksumMismatch(offset: 21, _, _) = error else {
      Issue.record("unexpected error: \(error)")
      return
    }
    #expect(error.description.contains("byte 21"))
  }

  @Test func truncatedTail() throws {
    let data = framed.dropLast(5)
    #expect(throws: EventFileError.truncatedRecord(offset: 37, needed: 1016, available: 1011)) {
      try TFRecord.records(in: Data(data))
    }
    let kept = try TFRecord.records(in: Data(data), allowTruncatedTail: true)
    #expect(kept.map(\.payload) == Array(payloads.prefix(2)))
  }

  @Test func partialHeader() {
    #expect(throws: EventFileError.truncatedRecord(offset: 0, needed: 12, available: 5)) {
      try TFRecord.records(in: Data([1, 2, 3, 4, 5]))
    }
  }
}
