import Foundation
import Testing
@testable import Metrics

@Suite struct LineChartTests {
  @discardableResult
  private func check(_ chart: LineChart) -> XMLCheck {
    let svg = chart.svg()
    let xml = XMLCheck(svg)
    #expect(xml.isWellFormed, "not well-formed: \(xml.error ?? "")\n\(svg)")
    #expect(xml.elementCounts["svg"] == 1)
    return xml
  }

  @Test func seriesNamesAppearInWellFormedSVG() throws {
    let steps = (0..<500).map(Double.init)
    let chart = LineChart(
      title: "Return vs environment steps", xLabel: "environment steps", yLabel: "return",
      series: [
        (name: "train <episode> & \"return\"", points: steps.map { (x: $0 * 100, y: sin($0 / 30) * 20) }),
        (name: "eval", points: stride(from: 0.0, to: 50_000, by: 5000).map { (x: $0, y: $0 / 2500) }),
      ],
      smoothing: 0.6)
    let xml = check(chart)
    let text = xml.text.joined(separator: "|")
    #expect(text.contains("train <episode> & \"return\""))
    #expect(text.contains("eval"))
    #expect(text.contains("Return vs environment steps"))
    #expect(text.contains("environment steps"))
    #expect(text.contains("40k"))
    // Smoothing draws the faint raw line and the smoothed line for each series.
    #expect(xml.elementCounts["path", default: 0] >= 4)
  }

  @Test func writeSVGWritesAFile() throws {
    try withTemporaryDirectory { directory in
      let url = directory.appendingPathComponent("losses.svg")
      try writeSVG(
        to: url, title: "Loss terms vs training step", xLabel: "training step", yLabel: "loss",
        series: [("value", [(0, 2), (1, 1), (2, 0.5)]), ("reward", [(0, 0.3), (1, 0.2), (2, 0.1)])],
        yScale: .logarithmic)
      let svg = try String(contentsOf: url, encoding: .utf8)
      let xml = XMLCheck(svg)
      #expect(xml.isWellFormed)
      #expect(xml.text.contains("value") && xml.text.contains("reward"))
      #expect(xml.text.contains("loss (log scale)"))
    }
  }

  @Test func emptyChartsStillRender() {
    for series in [[], [(name: "nothing yet", points: [(x: Double, y: Double)]())]] {
      let xml = check(LineChart(title: "Empty", xLabel: "x", yLabel: "y", series: series))
      #expect(xml.text.contains("no data"))
    }
  }

  @Test func nonFiniteValuesBreakTheLine() {
    let points: [(x: Double, y: Double)] = [(0, 1), (1, 2), (2, .nan), (3, 4), (4, 5), (5, .infinity), (6, 3)]
    let xml = check(LineChart(title: "Gaps", xLabel: "x", yLabel: "y", series: [("s", points)]))
    // Two runs of two points become lines; the lone last point becomes a dot.
    #expect(xml.elementCounts["path", default: 0] == 1 + 2)
    #expect(xml.elementCounts["circle", default: 0] == 1)
  }

  @Test func onlyNaNIsNoData() {
    let xml = check(LineChart(title: "NaN", xLabel: "x", yLabel: "y", series: [("s", [(0, .nan), (1, .nan)])]))
    #expect(xml.text.contains("no data"))
  }

  @Test func flatAndSinglePointSeries() {
    check(LineChart(title: "Flat", xLabel: "x", yLabel: "y", series: [("s", [(0, 3), (10, 3)])]))
    let xml = check(LineChart(title: "One", xLabel: "x", yLabel: "y", series: [("s", [(5, 0.5)])]))
    #expect(xml.elementCounts["circle"] == 1)
  }

  @Test func logScaleLeavesOutNonPositiveValues() {
    let xml = check(LineChart(
      title: "Log", xLabel: "x", yLabel: "y", series: [("s", [(0, 10), (1, 0), (2, -1), (3, 100), (4, 1000)])],
      yScale: .logarithmic))
    #expect(xml.text.contains("1000"))
    #expect(xml.elementCounts["circle"] == 1)
  }

  @Test func manySeriesAndPointsStayCompact() {
    let series = (0..<14).map { index -> (name: String, points: [(x: Double, y: Double)]) in
      let points = (0..<20_000).map { step -> (x: Double, y: Double) in
        (x: Double(step), y: Double((step * (index + 1)) % 977))
      }
      return (name: "series \(index)", points: points)
    }
    let svg = LineChart(title: "Busy", xLabel: "x", yLabel: "y", series: series).svg()
    #expect(XMLCheck(svg).isWellFormed)
    #expect(svg.utf8.count < 2_000_000)
    #expect(svg.contains("stroke-dasharray=\"6 3\""))
  }
}
