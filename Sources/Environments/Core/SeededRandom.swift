/// A small, fast, seedable generator (xoshiro256**, seeded through SplitMix64).
///
/// Its own bounded draws are used instead of the standard library's so that a seed gives the same
/// numbers whatever the toolchain.
public struct SeededRandom: RandomNumberGenerator, Sendable, Hashable {
  private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

  public init(seed: UInt64) {
    var mixer = seed
    s0 = SeededRandom.splitMix(&mixer)
    s1 = SeededRandom.splitMix(&mixer)
    s2 = SeededRandom.splitMix(&mixer)
    s3 = SeededRandom.splitMix(&mixer)
  }

  /// The generator's four words, for snapshots.
  public var words: [UInt64] {
    get { [s0, s1, s2, s3] }
    set {
      precondition(newValue.count == 4, "a SeededRandom state has four words")
      (s0, s1, s2, s3) = (newValue[0], newValue[1], newValue[2], newValue[3])
    }
  }

  /// One SplitMix64 step: also a good way to derive independent seeds from one seed.
  public static func splitMix(_ state: inout UInt64) -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  public mutating func next() -> UInt64 {
    let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = s3 << 45 | s3 >> 19
    return result
  }

  /// A uniform integer in `range` (rejection sampling, so without modulo bias).
  public mutating func uniform(in range: ClosedRange<Int>) -> Int {
    let span = UInt64(range.upperBound - range.lowerBound) &+ 1
    if span == 0 { return Int(truncatingIfNeeded: next()) }  // the whole 64-bit range
    let limit = UInt64.max - UInt64.max % span
    var draw = next()
    while draw >= limit { draw = next() }
    return range.lowerBound + Int(draw % span)
  }

  /// A uniform double in `[lower, upper)` with 53 random bits.
  public mutating func uniform(_ lower: Double, _ upper: Double) -> Double {
    let unit = Double(next() >> 11) * 0x1.0p-53
    return lower + (upper - lower) * unit
  }
}
