/// A line chart of one or more series, rendered as a standalone SVG document.
///
/// Non-finite values (and non-positive ones on a logarithmic axis) break a line rather than
/// distort it; an isolated point is drawn as a dot; a chart with no data says so.
public struct LineChart: Sendable {
  public struct Point: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) {
      self.x = x
      self.y = y
    }
  }

  public struct Series: Sendable {
    public var name: String
    public var points: [Point]
    /// Lines drawn thin and faint in the series' colour behind it (e.g. each seed behind their mean),
    /// so that the spread shows without a legend entry of its own.
    public var spread: [[Point]]
    public init(name: String, points: [Point], spread: [[Point]] = []) {
      self.name = name
      self.points = points
      self.spread = spread
    }
  }

  public var title: String
  public var xLabel: String
  public var yLabel: String
  public var series: [Series]
  public var yScale: AxisScale
  /// TensorBoard-style smoothing weight in 0..<1; above 0 the raw line is drawn faintly behind the smoothed one.
  public var smoothing: Double
  public var width: Int
  public var height: Int

  public init(
    title: String, xLabel: String, yLabel: String, series: [Series],
    yScale: AxisScale = .linear, smoothing: Double = 0, width: Int = 800, height: Int = 450
  ) {
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.series = series
    self.yScale = yScale
    self.smoothing = smoothing
    self.width = width
    self.height = height
  }

  /// Series given as `(name, [(x, y)])` pairs.
  public init(
    title: String, xLabel: String, yLabel: String, series: [(name: String, points: [(x: Double, y: Double)])],
    yScale: AxisScale = .linear, smoothing: Double = 0, width: Int = 800, height: Int = 450
  ) {
    self.init(
      title: title, xLabel: xLabel, yLabel: yLabel,
      series: series.map { Series(name: $0.name, points: $0.points.map { Point(x: $0.x, y: $0.y) }) },
      yScale: yScale, smoothing: smoothing, width: width, height: height)
  }

  /// The chart as an SVG document.
  public func svg() -> String {
    LineChartRenderer(chart: self).render()
  }
}
