import Foundation
import Testing
@testable import Metrics

@Suite struct MetricsLoggerTests {
  @Test func logsTheSameScalarsToEveryFile() throws {
    try withTemporaryDirectory { directory in
      let run = directory.appendingPathComponent("runs/cartpole-0")
      let logger = try MetricsLogger(runDirectory: run, wallTime: 1000, hostName: "host")
      try logger.log(scalars: ["loss/value": 0.75, "loss/reward": 0.25, "train/lr": 0.2], step: 10, wallTime: 1001)
      try logger.log(scalars: ["eval/return": 200], step: 20, wallTime: 1002)
      try logger.flush()
      try logger.close()

      let expected = [
        ScalarPoint(tag: "loss/reward", step: 10, value: 0.25, wallTime: 1001),
        ScalarPoint(tag: "loss/value", step: 10, value: 0.75, wallTime: 1001),
        ScalarPoint(tag: "train/lr", step: 10, value: 0.2, wallTime: 1001),
        ScalarPoint(tag: "eval/return", step: 20, value: 200, wallTime: 1002),
      ]
      #expect(try ScalarCSV.read(contentsOf: logger.csvURL) == expected)
      #expect(try ScalarJSONL.read(contentsOf: logger.jsonlURL) == expected)
      let events = try EventFileReader(contentsOf: logger.eventFileURL).scalars
      #expect(events.map(\.tag) == expected.map(\.tag))
      #expect(events.map(\.step) == expected.map(\.step))
      #expect(events.map(\.value) == expected.map { Double(Float($0.value)) })
      #expect(try EventFileReader.eventFiles(in: run) == [logger.eventFileURL])
    }
  }

  @Test func concurrentLoggingKeepsEveryRecordWhole() async throws {
    try await withTemporaryDirectory { directory in
      let logger = try MetricsLogger(runDirectory: directory, hostName: "host")
      await withTaskGroup(of: Void.self) { group in
        for worker in 0..<4 {
          group.addTask {
            for step in 0..<50 {
              try? logger.log(scalars: ["worker\(worker)/a": Double(step), "worker\(worker)/b": 1], step: step)
            }
          }
        }
      }
      try logger.close()
      #expect(try ScalarCSV.read(contentsOf: logger.csvURL).count == 400)
      #expect(try ScalarJSONL.read(contentsOf: logger.jsonlURL).count == 400)
      #expect(try EventFileReader.scalars(inRunDirectory: directory).count == 400)
    }
  }

  @Test func badTagWritesNothing() throws {
    try withTemporaryDirectory { directory in
      let logger = try MetricsLogger(runDirectory: directory, hostName: "host")
      #expect(throws: ScalarLogError.self) { try logger.log(scalars: ["ok": 1, "bad\ntag": 2], step: 1) }
      try logger.close()
      #expect(try EventFileReader(contentsOf: logger.eventFileURL).scalars.isEmpty)
      #expect(try ScalarCSV.read(contentsOf: logger.csvURL).isEmpty)
    }
  }
}
