import Foundation

/// Lays out and draws a `LineChart`: title, plot area with grid, ticks and labels, lines, legend.
struct LineChartRenderer {
  let chart: LineChart

  private static let fontFamily = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif"
  private static let tickFontSize = 11.0
  private static let legendFontSize = 12.0
  private static let legendRowHeight = 18.0
  private static let legendNameLimit = 32
  private static let top = 44.0
  private static let bottom = 56.0

  /// A series with its points in x order, values outside the scale replaced by NaN.
  private struct PreparedSeries {
    var name: String
    var raw: [(x: Double, y: Double)]
    var smoothed: [(x: Double, y: Double)]?
    var spread: [[(x: Double, y: Double)]]
    var last: Double?
  }

  func render() -> String {
    let series = chart.series.map(prepare)
    let admitted = series.flatMap { ($0.spread.flatMap { $0 } + $0.raw).filter { $0.y.isFinite } }

    let height = max(Double(chart.height), Self.top + Self.bottom + Double(series.count) * Self.legendRowHeight + 16)
    let plotHeight = height - Self.top - Self.bottom
    let yDomain = valueDomain(admitted.map(\.y), plotHeight: plotHeight)
    let yLabels = chart.yScale == .linear
      ? NumberFormatting.tickLabels(yDomain.ticks) : yDomain.ticks.map { NumberFormatting.compact($0) }

    let legend = series.map { legendText($0) }
    let legendWidth = 28 + (legend.map { textWidth($0.name + " " + $0.value, Self.legendFontSize) }.max() ?? 0)
    let left = 24 + 10 + (yLabels.map { textWidth($0, Self.tickFontSize) }.max() ?? 0) + 8
    let right = series.isEmpty ? 24 : legendWidth + 32
    let width = max(Double(chart.width), left + right + 120)
    let plotWidth = width - left - right

    let xDomain = positionDomain(admitted.map(\.x), plotWidth: plotWidth)
    let xLabels = NumberFormatting.tickLabels(xDomain.ticks)

    let plot = PlotArea(
      left: left, top: Self.top, width: plotWidth, height: plotHeight, x: xDomain, y: yDomain, yScale: chart.yScale)

    var svg = SVGWriter()
    svg.open("svg", [
      "xmlns": "http://www.w3.org/2000/svg", "width": SVGWriter.number(width), "height": SVGWriter.number(height),
      "viewBox": "0 0 \(SVGWriter.number(width)) \(SVGWriter.number(height))",
      "font-family": Self.fontFamily, "role": "img", "aria-label": chart.title,
    ])
    svg.text("title", [:], chart.title)
    svg.empty("rect", ["width": "100%", "height": "100%", "fill": "#ffffff"])
    svg.text("text", [
      "x": SVGWriter.number(left), "y": "26", "font-size": "16", "font-weight": "600", "fill": "#222222",
    ], chart.title)
    drawGridAndTicks(&svg, plot: plot, xLabels: xLabels, yLabels: yLabels)
    drawAxisLabels(&svg, plot: plot, height: height)
    drawSeries(&svg, series, plot: plot)
    if admitted.isEmpty {
      svg.text("text", [
        "x": SVGWriter.number(left + plotWidth / 2), "y": SVGWriter.number(Self.top + plotHeight / 2),
        "text-anchor": "middle", "font-size": "14", "fill": "#888888",
      ], "no data")
    }
    drawLegend(&svg, legend, x: left + plotWidth + 20, y: Self.top + 6)
    svg.close("svg")
    return svg.markup
  }

  /// The vertical axis: the data with a little room above and below; 0...1 (or 1...10) when there is none.
  private func valueDomain(_ values: [Double], plotHeight: Double) -> AxisDomain {
    guard let low = values.min(), let high = values.max() else {
      let linear = chart.yScale == .linear
      return .fitting(minimum: linear ? 0 : 1, maximum: linear ? 1 : 10, scale: chart.yScale, targetTickCount: 5)
    }
    return .fitting(
      minimum: low, maximum: high, scale: chart.yScale, targetTickCount: max(3, Int(plotHeight / 55)), padding: 0.05)
  }

  /// The horizontal axis: exactly the data, so lines start and end at the frame.
  private func positionDomain(_ positions: [Double], plotWidth: Double) -> AxisDomain {
    guard let low = positions.min(), let high = positions.max() else {
      return .fitting(minimum: 0, maximum: 1, scale: .linear, targetTickCount: 5)
    }
    return .fitting(minimum: low, maximum: high, scale: .linear, targetTickCount: max(3, Int(plotWidth / 100)))
  }

  private func prepare(_ series: LineChart.Series) -> PreparedSeries {
    let raw = ordered(series.points)
    var smoothed: [(x: Double, y: Double)]?
    if chart.smoothing > 0 && chart.smoothing < 1 {
      let values = Smoothing.exponentialMovingAverage(raw.map(\.y), weight: chart.smoothing)
      smoothed = zip(raw, values).map { (x: $0.x, y: $1) }
    }
    return PreparedSeries(
      name: series.name, raw: raw, smoothed: smoothed, spread: series.spread.map(ordered), last: raw.last { $0.y.isFinite }?.y)
  }

  /// Points sorted by x (ties kept in order) so a line never runs backwards; values outside the scale as NaN.
  private func ordered(_ points: [LineChart.Point]) -> [(x: Double, y: Double)] {
    points.enumerated()
      .sorted { ($0.element.x, $0.offset) < ($1.element.x, $1.offset) }
      .map(\.element)
      .filter { $0.x.isFinite }
      .map { (x: $0.x, y: chart.yScale.admits($0.y) ? $0.y : Double.nan) }
  }

  private func legendText(_ series: PreparedSeries) -> (name: String, value: String) {
    let name = series.name.count > Self.legendNameLimit
      ? String(series.name.prefix(Self.legendNameLimit - 1)) + "…" : series.name
    return (name, series.last.map { NumberFormatting.compact($0) } ?? "no data")
  }

  private func drawGridAndTicks(_ svg: inout SVGWriter, plot: PlotArea, xLabels: [String], yLabels: [String]) {
    svg.open("g", ["font-size": SVGWriter.number(Self.tickFontSize), "fill": "#555555"])
    for (tick, label) in zip(plot.y.ticks, yLabels) {
      let y = SVGWriter.number(plot.pixelY(tick))
      svg.empty("line", [
        "x1": SVGWriter.number(plot.left), "x2": SVGWriter.number(plot.right), "y1": y, "y2": y,
        "stroke": "#e8e8e8", "stroke-width": "1",
      ])
      svg.text("text", ["x": SVGWriter.number(plot.left - 8), "y": y, "dy": "0.32em", "text-anchor": "end"], label)
    }
    for (tick, label) in zip(plot.x.ticks, xLabels) {
      let x = SVGWriter.number(plot.pixelX(tick))
      svg.empty("line", [
        "x1": x, "x2": x, "y1": SVGWriter.number(plot.top), "y2": SVGWriter.number(plot.bottom),
        "stroke": "#e8e8e8", "stroke-width": "1",
      ])
      svg.text("text", ["x": x, "y": SVGWriter.number(plot.bottom + 18), "text-anchor": "middle"], label)
    }
    svg.close("g")
    svg.empty("path", [
      "d": "M\(SVGWriter.number(plot.left)) \(SVGWriter.number(plot.top))V\(SVGWriter.number(plot.bottom))H\(SVGWriter.number(plot.right))",
      "fill": "none", "stroke": "#666666", "stroke-width": "1",
    ])
  }

  private func drawAxisLabels(_ svg: inout SVGWriter, plot: PlotArea, height: Double) {
    let centerX = SVGWriter.number(plot.left + plot.width / 2)
    svg.text("text", [
      "x": centerX, "y": SVGWriter.number(height - 14), "text-anchor": "middle", "font-size": "12", "fill": "#333333",
    ], chart.xLabel)
    let centerY = SVGWriter.number(plot.top + plot.height / 2)
    let yLabel = chart.yScale == .logarithmic ? "\(chart.yLabel) (log scale)" : chart.yLabel
    svg.text("text", [
      "x": "18", "y": centerY, "transform": "rotate(-90 18 \(centerY))", "text-anchor": "middle",
      "font-size": "12", "fill": "#333333",
    ], yLabel)
  }

  private func drawSeries(_ svg: inout SVGWriter, _ series: [PreparedSeries], plot: PlotArea) {
    svg.open("defs")
    svg.open("clipPath", ["id": "plot-area"])
    // A little slack so lines on the edge of the domain are not cut in half.
    svg.empty("rect", [
      "x": SVGWriter.number(plot.left - 3), "y": SVGWriter.number(plot.top - 3),
      "width": SVGWriter.number(plot.width + 6), "height": SVGWriter.number(plot.height + 6),
    ])
    svg.close("clipPath")
    svg.close("defs")
    svg.open("g", ["clip-path": "url(#plot-area)", "fill": "none", "stroke-linejoin": "round", "stroke-linecap": "round"])
    for (index, line) in series.enumerated() {
      let color = Palette.color(index)
      svg.open("g", ["stroke": color])
      svg.text("title", [:], line.name)
      for faint in line.spread { drawLine(&svg, faint, plot: plot, color: color, width: 1, opacity: 0.3, dash: "") }
      if let smoothed = line.smoothed {
        drawLine(&svg, line.raw, plot: plot, color: color, width: 1.2, opacity: 0.25, dash: "")
        drawLine(&svg, smoothed, plot: plot, color: color, width: 2, opacity: 1, dash: Palette.dash(index))
      } else {
        drawLine(&svg, line.raw, plot: plot, color: color, width: 1.8, opacity: 1, dash: Palette.dash(index))
      }
      svg.close("g")
    }
    svg.close("g")
  }

  /// Draws each run of finite points as one path; a run of one point becomes a dot.
  private func drawLine(
    _ svg: inout SVGWriter, _ points: [(x: Double, y: Double)], plot: PlotArea,
    color: String, width: Double, opacity: Double, dash: String
  ) {
    let pixels = points.map { (x: plot.pixelX($0.x), y: $0.y.isFinite ? plot.pixelY($0.y) : Double.nan) }
    for run in pixels.split(whereSeparator: { !$0.y.isFinite }) {
      if run.count == 1, let dot = run.first {
        svg.empty("circle", [
          "cx": SVGWriter.number(dot.x), "cy": SVGWriter.number(dot.y), "r": "2.5",
          "fill": color, "stroke": "none", "opacity": SVGWriter.number(opacity),
        ])
        continue
      }
      let thinned = Decimation.thin(Array(run), maximumCount: Int(plot.width) * 4)
      let path = thinned.enumerated().map { index, point in
        "\(index == 0 ? "M" : "L")\(SVGWriter.number(point.x)) \(SVGWriter.number(point.y))"
      }.joined()
      svg.empty("path", [
        "d": path, "stroke-width": SVGWriter.number(width), "opacity": SVGWriter.number(opacity),
        "stroke-dasharray": dash.isEmpty ? "none" : dash,
      ])
    }
  }

  private func drawLegend(_ svg: inout SVGWriter, _ entries: [(name: String, value: String)], x: Double, y: Double) {
    guard !entries.isEmpty else { return }
    svg.open("g", ["font-size": SVGWriter.number(Self.legendFontSize)])
    for (index, entry) in entries.enumerated() {
      let rowY = y + Double(index) * Self.legendRowHeight + Self.legendRowHeight / 2
      let dash = Palette.dash(index)
      svg.empty("line", [
        "x1": SVGWriter.number(x), "x2": SVGWriter.number(x + 18), "y1": SVGWriter.number(rowY), "y2": SVGWriter.number(rowY),
        "stroke": Palette.color(index), "stroke-width": "2.5", "stroke-dasharray": dash.isEmpty ? "none" : dash,
      ])
      svg.open("text", ["x": SVGWriter.number(x + 24), "y": SVGWriter.number(rowY), "dy": "0.32em", "fill": "#222222"])
      svg.text("tspan", [:], entry.name)
      svg.text("tspan", ["dx": "6", "fill": "#888888"], entry.value)
      svg.close("text")
    }
    svg.close("g")
  }

  /// An estimate of rendered text width; SVG has no text metrics without a renderer.
  private func textWidth(_ text: String, _ fontSize: Double) -> Double {
    Double(text.count) * fontSize * 0.6
  }
}
