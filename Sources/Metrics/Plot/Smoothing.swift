import Foundation

/// TensorBoard's smoothing: an exponential moving average, debiased so early points are not pulled towards zero.
/// Non-finite values pass through unchanged and do not disturb the average.
enum Smoothing {
  static func exponentialMovingAverage(_ values: [Double], weight: Double) -> [Double] {
    guard weight > 0 else { return values }
    var average = 0.0
    var finiteCount = 0
    return values.map { value in
      guard value.isFinite else { return value }
      average = average * weight + (1 - weight) * value
      finiteCount += 1
      return average / (1 - pow(weight, Double(finiteCount)))
    }
  }
}
