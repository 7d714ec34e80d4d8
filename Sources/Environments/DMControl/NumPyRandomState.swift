import Foundation

/// NumPy's legacy `RandomState` (MT19937): the generator dm_control's tasks draw their initial states
/// from, reproduced draw for draw, so that a task seeded with `s` starts exactly where dm_control's
/// `task_kwargs={"random": s}` starts.
///
/// Covers what the tasks use: `random_sample`, `uniform` and `randn` (the polar Box-Muller method
/// with its cached second value).
public struct NumPyRandomState: Sendable, Hashable {
  private var key = [UInt32](repeating: 0, count: 624)
  private var position = 624
  private var cachedGaussian: Double?

  /// `RandomState(seed)` for seeds below 2^32; larger seeds are taken as NumPy takes the array
  /// `[low 32 bits, high 32 bits]`.
  /// The generator's state (key, position, cached Gaussian), for snapshots.
  public func save(into out: inout SnapshotBytes) {
    out.put(array: key)
    out.put(position)
    out.put(cachedGaussian != nil)
    out.put(cachedGaussian ?? 0)
  }

  public mutating func restore(from input: inout SnapshotBytes) throws {
    let savedKey: [UInt32] = try input.takeArray()
    let savedPosition: Int = try input.take()
    let hasGaussian: Bool = try input.take()
    let gaussian: Double = try input.take()
    guard savedKey.count == 624, savedPosition >= 0, savedPosition <= 624 else {
      throw EnvironmentError.invalidConfiguration("the snapshot's random state is damaged")
    }
    key = savedKey
    position = savedPosition
    cachedGaussian = hasGaussian ? gaussian : nil
  }

  public init(seed: UInt64) {
    if seed <= UInt64(UInt32.max) {
      seedLinear(UInt32(seed))
    } else {
      seedByArray([UInt32(truncatingIfNeeded: seed), UInt32(truncatingIfNeeded: seed >> 32)])
    }
  }

  private mutating func seedLinear(_ seed: UInt32) {
    var value = seed
    for i in 0..<624 {
      key[i] = value
      value = 1_812_433_253 &* (value ^ (value >> 30)) &+ UInt32(i + 1)
    }
    position = 624
    cachedGaussian = nil
  }

  private mutating func seedByArray(_ words: [UInt32]) {
    seedLinear(19_650_218)
    var i = 1, j = 0
    for _ in 0..<max(624, words.count) {
      key[i] = (key[i] ^ ((key[i - 1] ^ (key[i - 1] >> 30)) &* 1_664_525)) &+ words[j] &+ UInt32(j)
      i += 1
      j += 1
      if i >= 624 { key[0] = key[623]; i = 1 }
      if j >= words.count { j = 0 }
    }
    for _ in 0..<623 {
      key[i] = (key[i] ^ ((key[i - 1] ^ (key[i - 1] >> 30)) &* 1_566_083_941)) &- UInt32(i)
      i += 1
      if i >= 624 { key[0] = key[623]; i = 1 }
    }
    key[0] = 0x8000_0000
  }

  private mutating func regenerate() {
    func mix(_ upper: UInt32, _ lower: UInt32, _ far: UInt32) -> UInt32 {
      let y = (upper & 0x8000_0000) | (lower & 0x7fff_ffff)
      return far ^ (y >> 1) ^ ((y & 1) == 0 ? 0 : 0x9908_b0df)
    }
    for i in 0..<624 {
      key[i] = mix(key[i], key[(i + 1) % 624], key[(i + 397) % 624])
    }
    position = 0
  }

  /// The next raw 32-bit output.
  public mutating func nextUInt32() -> UInt32 {
    if position >= 624 { regenerate() }
    var y = key[position]
    position += 1
    y ^= y >> 11
    y ^= (y << 7) & 0x9d2c_5680
    y ^= (y << 15) & 0xefc6_0000
    y ^= y >> 18
    return y
  }

  /// `random_sample()`: a double in [0, 1) from 53 bits of two outputs.
  public mutating func randomSample() -> Double {
    let a = Double(nextUInt32() >> 5), b = Double(nextUInt32() >> 6)
    return (a * 67_108_864.0 + b) / 9_007_199_254_740_992.0
  }

  /// `uniform(low, high)`.
  public mutating func uniform(_ low: Double, _ high: Double) -> Double {
    low + (high - low) * randomSample()
  }

  /// `randn()`: a standard normal draw.
  public mutating func gaussian() -> Double {
    if let cached = cachedGaussian {
      cachedGaussian = nil
      return cached
    }
    var x1 = 0.0, x2 = 0.0, r2 = 0.0
    repeat {
      x1 = 2 * randomSample() - 1
      x2 = 2 * randomSample() - 1
      r2 = x1 * x1 + x2 * x2
    } while r2 >= 1 || r2 == 0
    let f = (-2 * log(r2) / r2).squareRoot()
    cachedGaussian = f * x1
    return f * x2
  }
}
