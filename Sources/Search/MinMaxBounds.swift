/// The extremes of a set of Q values and the soft min-max normalisation of Eq. 10.
public struct MinMaxBounds: Sendable, Equatable {
  public private(set) var minimum: Float = .infinity
  public private(set) var maximum: Float = -.infinity

  public init() {}

  public init(minimum: Float, maximum: Float) {
    self.minimum = minimum
    self.maximum = maximum
  }

  /// No value has been included yet.
  public var isEmpty: Bool { minimum > maximum }

  @inline(__always)
  public mutating func include(_ q: Float) {
    if q < minimum { minimum = q }
    if q > maximum { maximum = q }
  }

  /// Eq. 10: (q - min) / max(max - min, floor), clamped to [0, 1]. Before any value is known every Q is
  /// equally unknown, so all normalise to 0.
  @inline(__always)
  public func normalise(_ q: Float, floor: Float) -> Float {
    if isEmpty { return 0 }
    return MinMaxBounds.clamp((q - minimum) / range(floor: floor))
  }

  /// The denominator of Eq. 10.
  @inline(__always)
  func range(floor: Float) -> Float {
    let width = maximum - minimum
    return width > floor ? width : floor
  }

  @inline(__always)
  static func clamp(_ x: Float) -> Float {
    let atLeastZero = x < 0 ? 0 : x
    return atLeastZero > 1 ? 1 : atLeastZero
  }
}
