/// A small, fast, seedable generator (xoshiro256**), seeded through SplitMix64.
///
/// Every root of a batched search draws from its own stream, `SearchRandom(seed: seed, stream: rootIndex)`,
/// so a root's search depends only on the seed and its index: the same seed gives the same search, and
/// searching roots on several threads gives the same result as searching them on one.
public struct SearchRandom: RandomNumberGenerator, Sendable, Equatable, Codable {
  private var s0: UInt64
  private var s1: UInt64
  private var s2: UInt64
  private var s3: UInt64

  public init(seed: UInt64, stream: UInt64 = 0) {
    // Mix the stream index through SplitMix64 before combining, so nearby (seed, stream) pairs do not overlap.
    var mixer = seed ^ SearchRandom.splitMix(stream &+ 0x6A09_E667_F3BC_C909)
    s0 = SearchRandom.splitMixNext(&mixer)
    s1 = SearchRandom.splitMixNext(&mixer)
    s2 = SearchRandom.splitMixNext(&mixer)
    s3 = SearchRandom.splitMixNext(&mixer)
    if s0 | s1 | s2 | s3 == 0 { s0 = 1 }  // the all-zero state is the one fixed point of xoshiro
  }

  public mutating func next() -> UInt64 {
    let result = rotateLeft(s1 &* 5, 7) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = rotateLeft(s3, 45)
    return result
  }

  /// A uniform integer in 0..<count (multiply-high; the bias is below count / 2^64).
  public mutating func below(_ count: Int) -> Int {
    precondition(count > 0)
    return Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(count)).high)
  }

  /// A uniform Double in [0, 1), 53 random bits.
  public mutating func unitInterval() -> Double {
    Double(next() >> 11) * 0x1p-53
  }

  /// A standard Gumbel variate, -log(-log U) with U uniform in (0, 1).
  public mutating func gumbel() -> Float {
    let u = (Double(next() >> 11) + 0.5) * 0x1p-53
    return Float(-Elementary.log(-Elementary.log(u)))
  }

  /// A standard normal variate (Marsaglia's polar method; the second variate is discarded).
  public mutating func standardNormal() -> Double {
    while true {
      let u = 2 * unitInterval() - 1
      let v = 2 * unitInterval() - 1
      let s = u * u + v * v
      if s > 0 && s < 1 {
        return u * (-2 * Elementary.log(s) / s).squareRoot()
      }
    }
  }

  /// A Gamma(shape, 1) variate by Marsaglia and Tsang's method; shapes below 1 use the boost
  /// Gamma(a) = Gamma(a + 1) * U^(1/a).
  public mutating func gamma(shape: Double) -> Double {
    precondition(shape > 0)
    if shape < 1 {
      let boosted = gamma(shape: shape + 1)
      let u = 1 - unitInterval()  // in (0, 1], so the logarithm is finite
      return boosted * Elementary.exp(Elementary.log(u) / shape)
    }
    let d = shape - 1.0 / 3
    let c = 1 / (9 * d).squareRoot()
    while true {
      let x = standardNormal()
      var v = 1 + c * x
      if v <= 0 { continue }
      v = v * v * v
      let u = unitInterval()
      let xx = x * x
      if u < 1 - 0.0331 * xx * xx { return d * v }
      if u > 0, Elementary.log(u) < 0.5 * xx + d * (1 - v + Elementary.log(v)) { return d * v }
    }
  }

  /// Fills `sample` with one draw from the symmetric Dirichlet(alpha, ..., alpha) over `sample.count` entries,
  /// drawing the Gamma variates in index order.
  public mutating func dirichlet<Sample: MutableCollection>(alpha: Double, into sample: inout Sample)
  where Sample.Element == Double {
    var total = 0.0
    for i in sample.indices {
      sample[i] = gamma(shape: alpha)
      total += sample[i]
    }
    if total > 0 {
      for i in sample.indices { sample[i] /= total }
    } else {
      // Every Gamma draw underflowed (probability far below 1e-80 for alpha = 0.3): fall back to uniform.
      let uniform = 1 / Double(sample.count)
      for i in sample.indices { sample[i] = uniform }
    }
  }

  private static func splitMix(_ x: UInt64) -> UInt64 {
    var z = x &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  private static func splitMixNext(_ state: inout UInt64) -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

@inline(__always)
private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 {
  (x << k) | (x >> (64 - k))
}
