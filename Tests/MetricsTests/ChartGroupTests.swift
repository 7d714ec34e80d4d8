import Foundation
import Testing
@testable import Metrics

@Suite struct ChartGroupTests {
  private let points: [ScalarPoint] = [
    .init(tag: "progress/env_steps", step: 1, value: 400, wallTime: 0),
    .init(tag: "loss/value", step: 1, value: 2, wallTime: 0),
    .init(tag: "loss/policy", step: 1, value: 1.5, wallTime: 0),
    .init(tag: "train/return", step: 1, value: 10, wallTime: 0),
    .init(tag: "progress/env_steps", step: 2, value: 800, wallTime: 1),
    .init(tag: "loss/value", step: 2, value: 1, wallTime: 1),
    .init(tag: "train/return", step: 2, value: 12, wallTime: 1),
    // A resumed run logs step 2 again; the later value wins.
    .init(tag: "loss/value", step: 2, value: 0.9, wallTime: 5),
    .init(tag: "train/return", step: 3, value: 30, wallTime: 6),
  ]

  @Test func prefixPatternMakesOneSeriesPerTag() {
    let chart = ChartGroup(title: "Losses", fileName: "losses.svg", tags: ["loss/*"]).chart(from: points)
    #expect(chart.series.map(\.name) == ["value", "policy"])
    #expect(chart.series[0].points == [.init(x: 1, y: 2), .init(x: 2, y: 0.9)])
  }

  @Test func xFromAnotherTag() {
    let chart = ChartGroup(
      title: "Return", fileName: "return.svg", tags: ["train/return"], x: .tag("progress/env_steps")
    ).chart(from: points)
    #expect(chart.series.map(\.name) == ["train/return"])
    // Step 3 has no environment-step count, so it is left out.
    #expect(chart.series[0].points == [.init(x: 400, y: 10), .init(x: 800, y: 12)])
  }

  @Test func writesOneFilePerGroup() throws {
    try withTemporaryDirectory { directory in
      let groups = [
        ChartGroup(title: "Losses", fileName: "losses.svg", tags: ["loss/*"], yScale: .logarithmic),
        ChartGroup(title: "Return", fileName: "return.svg", tags: ["train/return"], smoothing: 0.5),
        ChartGroup(title: "Missing", fileName: "missing.svg", tags: ["not/logged"]),
      ]
      let urls = try ChartGroup.writeCharts(groups, from: points, to: directory.appendingPathComponent("plots"))
      #expect(urls.map(\.lastPathComponent) == ["losses.svg", "return.svg", "missing.svg"])
      for url in urls {
        #expect(XMLCheck(try String(contentsOf: url, encoding: .utf8)).isWellFormed)
      }
    }
  }
}
