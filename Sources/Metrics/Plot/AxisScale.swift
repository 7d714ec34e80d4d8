import Foundation

/// How values map to positions along an axis.
public enum AxisScale: Sendable, Equatable {
  case linear
  /// Base-10; values that are not positive are left out. Suits losses spanning several orders of magnitude.
  case logarithmic

  func transform(_ value: Double) -> Double {
    self == .linear ? value : log10(value)
  }

  func admits(_ value: Double) -> Bool {
    value.isFinite && (self == .linear || value > 0)
  }
}
