/// Exponential and natural logarithm written in Swift, because the search imports nothing but the standard
/// library (which has `squareRoot()` but no `exp` or `log`).
///
/// Accuracy: a few ulps in the normal range, which is all the search needs (softmax priors, Eq. 7's log term,
/// the Gamma sampler, temperature policies). Both the search and anything that must reproduce it bit for bit
/// call these same functions.
public enum Elementary {
  private static let ln2 = 0.693_147_180_559_945_3
  private static let log2e = 1.442_695_040_888_963_4
  // Cody–Waite split of ln 2: the high part has trailing zero bits, so k * ln2Hi is exact.
  private static let ln2HiDouble = 6.931_471_803_691_238_164_90e-01
  private static let ln2LoDouble = 1.908_214_929_270_587_700_02e-10
  private static let ln2HiFloat: Float = 6.931_457_519_5e-01
  private static let ln2LoFloat: Float = 1.428_606_765_3e-06

  /// Natural logarithm: x = m * 2^e with m in [sqrt(1/2), sqrt(2)), log m = 2 atanh(s), s = (m - 1) / (m + 1).
  public static func log(_ x: Double) -> Double {
    if x.isNaN || x < 0 { return .nan }
    if x == 0 { return -.infinity }
    if x == .infinity { return x }
    var m = x.significand  // in [1, 2), subnormals included
    var e = Double(x.exponent)
    if m > 1.414_213_562_373_095_1 {
      m *= 0.5
      e += 1
    }
    let s = (m - 1) / (m + 1)
    let z = s * s
    // atanh(s) / s = 1 + z/3 + z^2/5 + ...; |s| <= 0.1716, so terms beyond z^11 are below 1e-17.
    var series = 1.0 / 23
    var k = 21.0
    while k >= 1 {
      series = series * z + 1 / k
      k -= 2
    }
    return e * ln2 + 2 * s * series
  }

  /// Exponential: x = k ln 2 + r with |r| <= ln 2 / 2, exp r from its Taylor series, then scaled by 2^k.
  public static func exp(_ x: Double) -> Double {
    if x.isNaN { return x }
    if x > 709.782_712_893_384 { return .infinity }
    if x < -745.133_219_101_941_2 { return 0 }
    let roundingShift = 6_755_399_441_055_744.0  // 1.5 * 2^52: adding and subtracting it rounds to an integer
    let k = (x * log2e + roundingShift) - roundingShift
    let r = (x - k * ln2HiDouble) - k * ln2LoDouble
    // Taylor series to r^13 in nested form 1 + r(1 + r/2(1 + r/3(...))): remainder below 1e-17 relative.
    var p = 1.0
    var n = 13.0
    while n >= 1 {
      p = 1 + r * p / n
      n -= 1
    }
    return Double(sign: .plus, exponent: Int(k), significand: p)
  }

  /// Single-precision exponential for the softmax over policy logits, the hot path of node expansion.
  /// Branch-free (the ends of the range are fixed up with selects) so that loops over it vectorise.
  @inline(__always)
  public static func exp(_ x: Float) -> Float {
    let lowest: Float = -103.972_08  // below this exp(x) rounds to 0
    let highest: Float = 88.722_83  // above this exp(x) overflows
    let clamped = x < lowest ? lowest : (x > highest ? highest : x)
    let roundingShift: Float = 12_582_912  // 1.5 * 2^23: adding it rounds to an integer held in the low bits
    let shifted = clamped * 1.442_695_04 + roundingShift
    let k = shifted - roundingShift
    let r = (clamped - k * ln2HiFloat) - k * ln2LoFloat
    // Taylor series to r^7: |r| <= 0.347, remainder below 1.2e-8 relative.
    var p: Float = 1.0 / 5040
    p = p * r + 1.0 / 720
    p = p * r + 1.0 / 120
    p = p * r + 1.0 / 24
    p = p * r + 1.0 / 6
    p = p * r + 0.5
    p = p * r + 1
    p = p * r + 1
    // Scale by 2^k in two exact steps, so that neither factor leaves the normal range for k in [-150, 128].
    let exponent = Int32(bitPattern: shifted.bitPattern &- roundingShift.bitPattern)
    let half = exponent >> 1
    let first = Float(bitPattern: UInt32(bitPattern: (half &+ 127) << 23))
    let second = Float(bitPattern: UInt32(bitPattern: (exponent &- half &+ 127) << 23))
    var result = p * first * second
    result = x < lowest ? 0 : result
    result = x > highest ? .infinity : result
    return result  // a NaN input fails both comparisons and stays NaN through the arithmetic
  }
}
