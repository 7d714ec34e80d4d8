import Foundation

/// Short, human spellings of numbers for chart labels: `0.25`, `2500`, `20k`, `1.5M`, `3e-5`.
enum NumberFormatting {
  private static let siUnits: [(factor: Double, suffix: String)] = [
    (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k"),
  ]

  /// One value with at most `significantDigits` significant digits, trailing zeros dropped.
  static func compact(_ value: Double, significantDigits: Int = 4) -> String {
    guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-∞" : "∞") }
    let magnitude = abs(value)
    if magnitude == 0 { return "0" }
    if magnitude < 1e-3 || magnitude >= 1e15 { return scientific(value, significantDigits: significantDigits) }
    // Rounding first, so 999_996 becomes 1M rather than 1000k.
    let digitsBeforePoint = Int(floor(log10(magnitude))) + 1
    let quantum = pow(10, Double(digitsBeforePoint - significantDigits))
    let rounded = (magnitude / quantum).rounded() * quantum
    if rounded >= 1e4, let unit = siUnits.first(where: { rounded >= $0.factor }) {
      return (value < 0 ? "-" : "") + compact(rounded / unit.factor, significantDigits: significantDigits) + unit.suffix
    }
    return fixed(value, decimals: max(0, significantDigits - digitsBeforePoint))
  }

  /// Labels for evenly spaced ticks: one unit for all of them and just enough decimals to tell them apart.
  static func tickLabels(_ ticks: [Double]) -> [String] {
    let largest = ticks.map(abs).max() ?? 0
    if largest == 0 { return ticks.map { _ in "0" } }
    if largest < 1e-3 || largest >= 1e15 {
      return ticks.map { $0 == 0 ? "0" : scientific($0, significantDigits: 3) }
    }
    let unit = largest >= 1e4 ? siUnits.first(where: { largest >= $0.factor }) : nil
    let scaled = ticks.map { $0 / (unit?.factor ?? 1) }
    let decimals = (0...9).first { decimals in
      let scale = pow(10, Double(decimals))
      return scaled.allSatisfy { abs(($0 * scale).rounded() - $0 * scale) < 1e-6 * max(1, abs($0 * scale)) }
    } ?? 9
    return scaled.map { $0 == 0 ? "0" : fixed($0, decimals: decimals) + (unit?.suffix ?? "") }
  }

  private static func fixed(_ value: Double, decimals: Int) -> String {
    var text = String(format: "%.\(decimals)f", value)
    if text.contains(".") {
      while text.hasSuffix("0") { text.removeLast() }
      if text.hasSuffix(".") { text.removeLast() }
    }
    return text == "-0" ? "0" : text
  }

  private static func scientific(_ value: Double, significantDigits: Int) -> String {
    var exponent = Int(floor(log10(abs(value))))
    var mantissa = value / pow(10, Double(exponent))
    let scale = pow(10, Double(significantDigits - 1))
    mantissa = (mantissa * scale).rounded() / scale
    if abs(mantissa) >= 10 {
      mantissa /= 10
      exponent += 1
    }
    return fixed(mantissa, decimals: significantDigits - 1) + "e\(exponent)"
  }
}
