import Foundation

/// dm_control's soft indicator (`utils/rewards.py`): 1 inside `bounds`, falling off with the distance
/// outside them through a sigmoid that equals `valueAtMargin` at distance `margin`.
public enum Tolerance {
  public enum Sigmoid: Sendable {
    /// exp(-(d * s)^2 / 2) with s = sqrt(-2 ln valueAtMargin).
    case gaussian
    /// 1 - (d * s)^2 while |d * s| < 1, else 0, with s = sqrt(1 - valueAtMargin).
    case quadratic
  }

  public static func value(
    _ x: Double, bounds: (lower: Double, upper: Double) = (0, 0), margin: Double = 0,
    sigmoid: Sigmoid = .gaussian, valueAtMargin: Double = 0.1
  ) -> Double {
    let inBounds = bounds.lower <= x && x <= bounds.upper
    if inBounds { return 1 }
    if margin == 0 { return 0 }
    let distance = (x < bounds.lower ? bounds.lower - x : x - bounds.upper) / margin
    switch sigmoid {
    case .gaussian:
      let scale = (-2 * log(valueAtMargin)).squareRoot()
      let scaled = distance * scale
      return exp(-0.5 * (scaled * scaled))
    case .quadratic:
      let scaled = distance * (1 - valueAtMargin).squareRoot()
      return abs(scaled) < 1 ? 1 - scaled * scaled : 0
    }
  }
}
