import Foundation
import Metrics
import Testing
@testable import EfficientZero

struct RunWallTimeTests {
  /// Two intervals (step 20 logged twice, as after a resume: the later pass counts), a periodic
  /// evaluation inside the second interval (step 10) and one after the last (step 20), and the final
  /// evaluation (step 30, also logged as a scalar): sums by hand.
  @Test func aRunsWallTimeIsSplitByPhase() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wall-time-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    #expect(try RunWallTime.read(from: directory) == nil, "no scalars")
    let rows: [(Int, String, Double)] = [
      (10, MetricTag.intervalSeconds, 100), (10, MetricTag.selfPlaySeconds, 10), (10, MetricTag.reanalyzeSeconds, 20),
      (10, MetricTag.learnerSeconds, 50), (10, MetricTag.evaluationSeconds, 5),
      (20, MetricTag.intervalSeconds, 999), (20, MetricTag.learnerSeconds, 900),
      (20, MetricTag.intervalSeconds, 110), (20, MetricTag.selfPlaySeconds, 11), (20, MetricTag.reanalyzeSeconds, 22),
      (20, MetricTag.learnerSeconds, 55), (20, MetricTag.evaluationSeconds, 7), (30, MetricTag.evaluationSeconds, 40),
    ]
    let csv = ScalarCSV.header + "\n" + rows.map { "\($0.0),\($0.1),\($0.2),0\n" }.joined()
    try csv.write(to: directory.appendingPathComponent(ScalarLog.csvFileName), atomically: true, encoding: .utf8)
    var final = EvaluationReport(environment: "cartpole", trainingStep: 30, environmentSteps: 300, seedOffset: 0, returns: [1])
    final.seconds = 40
    try final.write(into: directory)

    let time = try #require(try RunWallTime.read(from: directory))
    #expect(time.training == 100 + 110 + 7)
    #expect(time.selfPlay == 21 && time.reanalyze == 42 && time.learner == 105)
    #expect(time.periodicEvaluations == 12 && time.finalEvaluation == 40)
    #expect(time.total == 257 && time.rest == 217 - 21 - 42 - 105 - 12)
    #expect(RunWallTime.format(42.2) == "42 s" && RunWallTime.format(41 * 60) == "41 min" && RunWallTime.format(101 * 60 + 20) == "1 h 41 min")
  }

  /// A report written by an earlier version has no `seconds`: it still reads.
  @Test func anEvaluationReportWithoutSecondsReads() throws {
    let text = #"{"environment":"Breakout","trainingStep":1,"environmentSteps":4,"seedOffset":0,"returns":[2],"mean":2,"std":0}"#
    let report = try JSONDecoder().decode(EvaluationReport.self, from: Data(text.utf8))
    #expect(report.seconds == nil && report.mean == 2)
  }
}
