/// Thins a line with far more points than pixels: per pixel column it keeps the first, lowest,
/// highest and last point, so spikes survive and the drawing looks the same.
enum Decimation {
  static func thin(_ points: [(x: Double, y: Double)], maximumCount: Int) -> [(x: Double, y: Double)] {
    guard points.count > maximumCount else { return points }
    var kept: [(x: Double, y: Double)] = []
    var bucket: [Int] = []
    var column = Int.min
    func flush() {
      guard let first = bucket.first, let last = bucket.last else { return }
      let lowest = bucket.min { points[$0].y < points[$1].y }!
      let highest = bucket.max { points[$0].y < points[$1].y }!
      for index in Set([first, lowest, highest, last]).sorted() {
        kept.append(points[index])
      }
      bucket.removeAll(keepingCapacity: true)
    }
    for (index, point) in points.enumerated() {
      let pointColumn = Int(point.x.rounded(.down))
      if pointColumn != column {
        flush()
        column = pointColumn
      }
      bucket.append(index)
    }
    flush()
    return kept
  }
}
