import Foundation
import Testing
@testable import Metrics

@Suite struct EventFileTests {
  @Test func fileNameFollowsTensorBoardConvention() throws {
    try withTemporaryDirectory { directory in
      let writer = try EventFileWriter(directory: directory, wallTime: 1_700_000_000.5, hostName: "trainer-1")
      try writer.close()
      #expect(writer.url.lastPathComponent == "events.out.tfevents.1700000000.trainer-1")
      let second = try EventFileWriter(directory: directory, wallTime: 1_700_000_000.9, hostName: "trainer-1")
      #expect(second.url.lastPathComponent == "events.out.tfevents.1700000000.trainer-1.1")
      #expect(try EventFileReader.eventFiles(in: directory).count == 2)
    }
  }

  @Test func scalarsRoundTrip() throws {
    try withTemporaryDirectory { directory in
      let writer = try EventFileWriter(directory: directory, wallTime: 100, hostName: "host")
      try writer.write(scalars: [("loss/total", 1.5), ("train/lr", 0.2)], step: 1, wallTime: 101)
      try writer.write(scalars: [("loss/total", 0), ("eval/return", -21)], step: 2, wallTime: 102.25)
      try writer.write(scalars: [("loss/total", .nan)], step: 3_000_000_000, wallTime: 103)
      try writer.close()

      let reader = try EventFileReader(contentsOf: writer.url)
      #expect(reader.fileVersion == "brain.Event:2")
      let expected: [(String, Int, Double, Double)] = [
        ("loss/total", 1, 1.5, 101), ("train/lr", 1, Double(Float(0.2)), 101),
        ("loss/total", 2, 0, 102.25), ("eval/return", 2, -21, 102.25),
      ]
      #expect(reader.scalars.count == 5)
      for (point, (tag, step, value, wallTime)) in zip(reader.scalars, expected) {
        #expect(point == ScalarPoint(tag: tag, step: step, value: value, wallTime: wallTime))
      }
      #expect(reader.scalars[4].step == 3_000_000_000)
      #expect(reader.scalars[4].value.isNaN)
    }
  }

  @Test func firstRecordIsTheFileVersionEvent() throws {
    try withTemporaryDirectory { directory in
      let writer = try EventFileWriter(directory: directory, wallTime: 42, hostName: "host")
      try writer.write(scalars: [("zero", 0)], step: 0, wallTime: 43)
      try writer.close()
      let events = try EventFileReader.events(in: Data(contentsOf: writer.url), allowTruncatedTail: false)
      #expect(events.count == 2)
      #expect(events[0].fileVersion == "brain.Event:2")
      #expect(events[0].wallTime == 42)
      // A zero value is still present on the wire, so TensorBoard sees a scalar, not an empty value.
      guard case .simpleValue(0)? = events[1].summary.value.first?.value else {
        Issue.record("zero scalar lost: \(events[1])")
        return
      }
    }
  }

  @Test func corruptedByteIsDetectedWithItsRecordOffset() throws {
    try withTemporaryDirectory { directory in
      let writer = try EventFileWriter(directory: directory, wallTime: 1, hostName: "host")
      try writer.write(scalars: [("a", 1)], step: 1, wallTime: 2)
      try writer.write(scalars: [("b", 2)], step: 2, wallTime: 3)
      try writer.close()
      var data = try Data(contentsOf: writer.url)
      let records = try TFRecord.records(in: data)
      #expect(records.count == 3)
      let target = records[2].offset + 12 + 3
      data[target] ^= 0x40

      let error = try #require(throws: EventFileError.self) { try EventFileReader(data: data) }
      guard case .dataChecksumMismatch(offset: records[2].offset, _, _) = error else {
        Issue.record("unexpected error: \(error)")
        return
      }
      #expect(error.description.contains("byte \(records[2].offset)"))
    }
  }

  @Test func recordThatIsNotAnEventIsReported() {
    let data = TFRecord.frame(Data([0xFF, 0xFF, 0xFF]))
    #expect {
      try EventFileReader(data: data)
    } throws: { error in
      guard case .undecodableEvent(offset: 0, _)? = error as? EventFileError else { return false }
      return true
    }
  }

  @Test func fileWithoutVersionHeaderIsRejected() throws {
    var event = Tensorflow_Event()
    event.step = 5
    let data = TFRecord.frame(try event.serializedBytes())
    #expect(throws: EventFileError.missingFileVersion(found: nil)) { try EventFileReader(data: data) }
  }

  @Test func writingAfterCloseThrows() throws {
    try withTemporaryDirectory { directory in
      let writer = try EventFileWriter(directory: directory, hostName: "host")
      try writer.close()
      try writer.close()
      #expect(throws: (any Error).self) { try writer.write(scalars: [("a", 1)], step: 1) }
    }
  }

  @Test func partiallyWrittenFileReadsUpToTheLastCompleteRecord() throws {
    try withTemporaryDirectory { directory in
      let writer = try EventFileWriter(directory: directory, hostName: "host")
      try writer.write(scalars: [("a", 1)], step: 1)
      try writer.write(scalars: [("a", 2)], step: 2)
      try writer.close()
      let cut = try Data(contentsOf: writer.url).dropLast(3)
      #expect(throws: EventFileError.self) { try EventFileReader(data: Data(cut)) }
      let reader = try EventFileReader(data: Data(cut), allowTruncatedTail: true)
      #expect(reader.scalars.map(\.value) == [1])
    }
  }
}
