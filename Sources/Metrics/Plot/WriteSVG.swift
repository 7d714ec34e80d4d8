import Foundation

/// Writes a line chart of `series`, each `(name, [(x, y)])`, as an SVG file at `url`.
public func writeSVG(
  to url: URL,
  title: String,
  xLabel: String,
  yLabel: String,
  series: [(name: String, points: [(x: Double, y: Double)])],
  yScale: AxisScale = .linear,
  smoothing: Double = 0
) throws {
  let chart = LineChart(
    title: title, xLabel: xLabel, yLabel: yLabel, series: series, yScale: yScale, smoothing: smoothing)
  try chart.write(to: url)
}

extension LineChart {
  /// Writes the chart as an SVG file, replacing any file at `url` atomically.
  public func write(to url: URL) throws {
    try Data(svg().utf8).write(to: url, options: .atomic)
  }
}
