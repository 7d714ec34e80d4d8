import Foundation

/// An axis's range and the round values that get tick marks.
struct AxisDomain: Equatable {
  var lower: Double
  var upper: Double
  var ticks: [Double]

  /// A range covering `minimum...maximum` with about `targetTickCount` round tick values.
  static func fitting(
    minimum: Double, maximum: Double, scale: AxisScale, targetTickCount: Int, padding: Double = 0
  ) -> AxisDomain {
    switch scale {
    case .linear: linear(minimum: minimum, maximum: maximum, targetTickCount: targetTickCount, padding: padding)
    case .logarithmic: logarithmic(minimum: minimum, maximum: maximum)
    }
  }

  /// The data range plus `padding` on each side, with round ticks inside it; the edges are not
  /// pushed out to a tick, which would waste up to a third of the plot on empty space.
  private static func linear(minimum: Double, maximum: Double, targetTickCount: Int, padding: Double) -> AxisDomain {
    var low = minimum
    var high = maximum
    if high - low <= abs(high) * 1e-12 {
      // A flat series still gets an axis with room around it.
      let spread = max(abs(low) * 0.1, 1)
      low -= spread
      high += spread
    } else {
      let pad = (high - low) * padding
      low -= pad
      high += pad
    }
    let step = tickStep(low: low, high: high, targetCount: targetTickCount)
    let first = (low / step).rounded(.up)
    let last = (high / step).rounded(.down)
    let ticks = stride(from: first, through: last, by: 1).map { index -> Double in
      let tick = index * step
      return abs(tick) < step * 1e-9 ? 0 : tick
    }
    return AxisDomain(lower: low, upper: high, ticks: ticks)
  }

  /// The round step whose tick count inside `low...high` comes closest to `targetCount`, the larger on a tie.
  private static func tickStep(low: Double, high: Double, targetCount: Int) -> Double {
    let base = niceStep((high - low) / Double(max(targetCount, 2)))
    let candidates = [0.4, 0.5, 1, 2, 2.5, 4, 5].map { niceStep(base * $0) }
    func count(_ step: Double) -> Int {
      Int((high / step).rounded(.down) - (low / step).rounded(.up)) + 1
    }
    return candidates.min { a, b in
      let (da, db) = (abs(count(a) - targetCount), abs(count(b) - targetCount))
      return da != db ? da < db : a > b
    }!
  }

  /// Whole decades; with few decades, also 2× and 5×; with many, every other decade or fewer.
  private static func logarithmic(minimum: Double, maximum: Double) -> AxisDomain {
    var lowLog = log10(minimum)
    var highLog = log10(maximum)
    if highLog - lowLog < 1e-12 {
      // A flat series still gets an axis with room around it.
      lowLog -= 0.5
      highLog += 0.5
    }
    let lowDecade = Int(floor(lowLog))
    let highDecade = max(Int(ceil(highLog)), lowDecade + 1)
    let decades = highDecade - lowDecade
    let stride = max(1, Int((Double(decades) / 8).rounded(.up)))
    var ticks: [Double] = []
    for decade in lowDecade...highDecade where (decade - lowDecade) % stride == 0 {
      let base = pow(10, Double(decade))
      ticks.append(base)
      if decades <= 2 && decade < highDecade {
        ticks += [2 * base, 5 * base]
      }
    }
    return AxisDomain(lower: pow(10, Double(lowDecade)), upper: pow(10, Double(highDecade)), ticks: ticks)
  }

  /// The smallest of 1, 2, 2.5, 5 times a power of ten that is at least `raw`.
  static func niceStep(_ raw: Double) -> Double {
    guard raw.isFinite, raw > 0 else { return 1 }
    let power = pow(10, floor(log10(raw)))
    let fraction = raw / power
    let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10
    return nice * power
  }
}
