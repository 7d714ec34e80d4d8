import Foundation

/// One chart to draw from logged scalars: which tags, against what, and how.
///
/// ```swift
/// let returns = ChartGroup(
///   title: "Return vs environment steps", fileName: "return.svg",
///   tags: ["train/episode_return", "eval/return_mean"], x: .tag("progress/env_steps"),
///   xLabel: "environment steps", yLabel: "return", smoothing: 0.6)
/// let losses = ChartGroup(
///   title: "Loss terms vs training step", fileName: "losses.svg",
///   tags: ["loss/*"], xLabel: "training step", yLabel: "loss", yScale: .logarithmic)
/// let files = try ChartGroup.writeCharts([returns, losses], from: points, to: plotsDirectory)
/// ```
public struct ChartGroup: Sendable {
  /// What the horizontal axis shows.
  public enum XAxis: Sendable, Equatable {
    /// The step each scalar was logged at.
    case step
    /// The value of another tag logged at the same step, e.g. an environment-step counter
    /// when scalars are logged per training step. Steps without that tag are left out.
    case tag(String)
  }

  public var title: String
  public var fileName: String
  /// Exact tags, or prefixes ending in `*` such as `"loss/*"`. Each matching tag is one series, in first-seen order.
  public var tags: [String]
  public var x: XAxis
  public var xLabel: String
  public var yLabel: String
  public var yScale: AxisScale
  public var smoothing: Double

  public init(
    title: String, fileName: String, tags: [String], x: XAxis = .step,
    xLabel: String = "step", yLabel: String = "value", yScale: AxisScale = .linear, smoothing: Double = 0
  ) {
    self.title = title
    self.fileName = fileName
    self.tags = tags
    self.x = x
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.yScale = yScale
    self.smoothing = smoothing
  }

  /// The chart of this group's tags among `points`.
  ///
  /// When a (tag, step) pair was logged more than once, as after a resumed run, the later value is kept.
  public func chart(from points: [ScalarPoint]) -> LineChart {
    let latest = Self.latestPerStep(points)
    let matchingTags = Self.orderedTags(in: latest).filter(matches)
    let xByStep: [Int: Double]? = switch x {
    case .step: nil
    case let .tag(tag):
      Dictionary(latest.lazy.filter { $0.tag == tag }.map { ($0.step, $0.value) }, uniquingKeysWith: { $1 })
    }
    let names = Self.legendNames(for: matchingTags)
    let pointsByTag = Dictionary(grouping: latest, by: \.tag)
    let series = matchingTags.map { tag in
      let points = (pointsByTag[tag] ?? []).compactMap { point -> LineChart.Point? in
        guard let xValue = xByStep.map({ $0[point.step] }) ?? Double(point.step) else { return nil }
        return LineChart.Point(x: xValue, y: point.value)
      }
      return LineChart.Series(name: names[tag] ?? tag, points: points)
    }
    return LineChart(
      title: title, xLabel: xLabel, yLabel: yLabel, series: series, yScale: yScale, smoothing: smoothing)
  }

  /// Writes one SVG per group into `directory` and returns their URLs.
  public static func writeCharts(_ groups: [ChartGroup], from points: [ScalarPoint], to directory: URL) throws -> [URL] {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return try groups.map { group in
      let url = directory.appendingPathComponent(group.fileName)
      try group.chart(from: points).write(to: url)
      return url
    }
  }

  func matches(_ tag: String) -> Bool {
    tags.contains { pattern in
      pattern.hasSuffix("*") ? tag.hasPrefix(pattern.dropLast()) : tag == pattern
    }
  }

  /// Keeps the last value logged for each (tag, step), in the order of first appearance.
  static func latestPerStep(_ points: [ScalarPoint]) -> [ScalarPoint] {
    struct Key: Hashable {
      var tag: String
      var step: Int
    }
    var indexByKey: [Key: Int] = [:]
    var result: [ScalarPoint] = []
    for point in points {
      let key = Key(tag: point.tag, step: point.step)
      if let index = indexByKey[key] {
        result[index] = point
      } else {
        indexByKey[key] = result.count
        result.append(point)
      }
    }
    return result
  }

  private static func orderedTags(in points: [ScalarPoint]) -> [String] {
    var seen = Set<String>()
    return points.map(\.tag).filter { seen.insert($0).inserted }
  }

  /// With several series sharing a `prefix/`, the legend shows only what tells them apart.
  private static func legendNames(for tags: [String]) -> [String: String] {
    guard tags.count > 1, let first = tags.first, let slash = first.lastIndex(of: "/") else {
      return Dictionary(uniqueKeysWithValues: tags.map { ($0, $0) })
    }
    var prefix = String(first[...slash])
    while !prefix.isEmpty && !tags.allSatisfy({ $0.hasPrefix(prefix) && $0.count > prefix.count }) {
      prefix.removeLast()
      prefix = prefix.lastIndex(of: "/").map { String(prefix[...$0]) } ?? ""
    }
    return Dictionary(uniqueKeysWithValues: tags.map { ($0, String($0.dropFirst(prefix.count))) })
  }
}
