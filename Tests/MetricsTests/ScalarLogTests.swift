import Foundation
import Testing
@testable import Metrics

@Suite struct ScalarLogTests {
  private let points = [
    ScalarPoint(tag: "loss/total", step: 1, value: 0.1, wallTime: 1_700_000_000.125),
    ScalarPoint(tag: "needs, \"quoting\"", step: 1, value: -2.5e-7, wallTime: 1_700_000_000.125),
    ScalarPoint(tag: "eval/return", step: 20_000, value: 1e300, wallTime: 1_700_000_001),
    ScalarPoint(tag: "ünïcode/τ", step: 20_000, value: 0, wallTime: 1_700_000_001),
  ]

  @Test func csvAndJSONLRoundTrip() throws {
    try withTemporaryDirectory { directory in
      let log = try ScalarLog(directory: directory)
      try log.append(points)
      try log.close()
      #expect(try ScalarCSV.read(contentsOf: log.csvURL) == points)
      #expect(try ScalarJSONL.read(contentsOf: log.jsonlURL) == points)
      let csv = try String(contentsOf: log.csvURL, encoding: .utf8)
      #expect(csv.hasPrefix("step,tag,value,wall_time\n1,loss/total,0.1,1700000000.125\n"))
      #expect(csv.contains("\n1,\"needs, \"\"quoting\"\"\",-2.5e-07,"))
    }
  }

  @Test func nonFiniteValues() throws {
    try withTemporaryDirectory { directory in
      let log = try ScalarLog(directory: directory)
      try log.append([
        ScalarPoint(tag: "a", step: 1, value: .nan, wallTime: 0),
        ScalarPoint(tag: "a", step: 2, value: .infinity, wallTime: 0),
        ScalarPoint(tag: "a", step: 3, value: -.infinity, wallTime: 0),
      ])
      try log.close()
      let csv = try ScalarCSV.read(contentsOf: log.csvURL).map(\.value)
      #expect(csv[0].isNaN && csv[1] == .infinity && csv[2] == -.infinity)
      // JSON has no NaN or infinity: they become null, valid for any JSON parser, and read back as NaN.
      for line in try String(contentsOf: log.jsonlURL, encoding: .utf8).split(separator: "\n") {
        #expect(line.contains("\"value\":null"))
        #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil)
      }
      #expect(try ScalarJSONL.read(contentsOf: log.jsonlURL).allSatisfy(\.value.isNaN))
    }
  }

  @Test func reopeningAppendsWithoutASecondHeader() throws {
    try withTemporaryDirectory { directory in
      let first = try ScalarLog(directory: directory)
      try first.append(Array(points.prefix(2)))
      try first.close()
      let resumed = try ScalarLog(directory: directory)
      try resumed.append(Array(points.dropFirst(2)))
      try resumed.close()
      #expect(try ScalarCSV.read(contentsOf: resumed.csvURL) == points)
      #expect(try ScalarJSONL.read(contentsOf: resumed.jsonlURL) == points)
      let csv = try String(contentsOf: resumed.csvURL, encoding: .utf8)
      #expect(csv.components(separatedBy: ScalarCSV.header).count == 2)
    }
  }

  @Test func reopeningDropsALineCutShortByACrash() throws {
    try withTemporaryDirectory { directory in
      let first = try ScalarLog(directory: directory)
      try first.append(Array(points.prefix(1)))
      try first.close()
      for url in [first.csvURL, first.jsonlURL] {
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("2,loss/to".utf8))
        try handle.close()
      }
      let resumed = try ScalarLog(directory: directory)
      try resumed.append(Array(points.dropFirst(1)))
      try resumed.close()
      #expect(try ScalarCSV.read(contentsOf: resumed.csvURL) == points)
      #expect(try ScalarJSONL.read(contentsOf: resumed.jsonlURL) == points)
    }
  }

  @Test func tagWithLineBreakIsRejected() throws {
    try withTemporaryDirectory { directory in
      let log = try ScalarLog(directory: directory)
      #expect(throws: ScalarLogError.tagContainsLineBreak(tag: "a\nb")) {
        try log.append([ScalarPoint(tag: "a\nb", step: 1, value: 1, wallTime: 0)])
      }
    }
  }

  @Test func malformedCSVNamesTheLine() {
    let text = "step,tag,value,wall_time\n1,a,0.5,10\n2,a,oops,11\n"
    #expect(throws: ScalarLogError.malformedLine(file: "scalars.csv", line: 3, reason: "value \"oops\" is not a number")) {
      try ScalarCSV.parse(text)
    }
    #expect(throws: ScalarLogError.self) { try ScalarCSV.parse("step,tag,value\n") }
    #expect(throws: ScalarLogError.malformedLine(file: "scalars.csv", line: 2, reason: "unterminated quoted field")) {
      try ScalarCSV.parse("step,tag,value,wall_time\n1,\"a,0.5,10\n")
    }
  }

  @Test func csvWithWindowsLineEndingsParses() throws {
    let points = try ScalarCSV.parse("step,tag,value,wall_time\r\n1,a,0.5,10\r\n")
    #expect(points == [ScalarPoint(tag: "a", step: 1, value: 0.5, wallTime: 10)])
  }

  @Test func malformedJSONLNamesTheLine() {
    let text = "{\"step\":1,\"tag\":\"a\",\"value\":1,\"wall_time\":0}\n{\"step\":2}\n"
    #expect(throws: ScalarLogError.malformedLine(file: "scalars.jsonl", line: 2, reason: "missing string \"tag\"")) {
      try ScalarJSONL.parse(text)
    }
  }
}
