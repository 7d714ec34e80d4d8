/// The visit-count policy of Eq. 11 and the action chosen from it.
public enum VisitPolicy {
  /// Eq. 11: π(a) = N(a)^(1/T) / Σ_b N(b)^(1/T). Temperature 0 is the limit: the arg-max actions share the
  /// mass evenly. If every count is 0 the policy is uniform.
  public static func distribution(visitCounts: [Int], temperature: Float) -> [Float] {
    var policy = [Float](repeating: 0, count: visitCounts.count)
    visitCounts.withUnsafeBufferPointer { counts in
      policy.withUnsafeMutableBufferPointer { write(counts: counts, temperature: temperature, into: $0) }
    }
    return policy
  }

  /// Samples an action from Eq. 11's policy with `random`; at temperature 0, an arg-max of the counts with ties
  /// broken at random. One draw is made unless the choice is forced.
  public static func chooseAction(visitCounts: [Int], temperature: Float, random: inout SearchRandom) -> Int {
    visitCounts.withUnsafeBufferPointer { choose(counts: $0, temperature: temperature, random: &random) }
  }

  static func write(counts: UnsafeBufferPointer<Int>, temperature: Float, into policy: UnsafeMutableBufferPointer<Float>) {
    let largest = counts.max() ?? 0
    if largest == 0 {
      for a in policy.indices { policy[a] = 1 / Float(policy.count) }
      return
    }
    if temperature == 0 {
      var ties = 0
      for count in counts where count == largest { ties += 1 }
      for a in counts.indices { policy[a] = counts[a] == largest ? 1 / Float(ties) : 0 }
      return
    }
    var total = 0.0
    for a in counts.indices { total += weight(counts[a], largest: largest, temperature: temperature) }
    for a in counts.indices {
      policy[a] = Float(weight(counts[a], largest: largest, temperature: temperature) / total)
    }
  }

  static func choose(counts: UnsafeBufferPointer<Int>, temperature: Float, random: inout SearchRandom) -> Int {
    let largest = counts.max() ?? 0
    if largest == 0 { return random.below(counts.count) }
    if temperature == 0 {
      var ties = 0
      for count in counts where count == largest { ties += 1 }
      var pick = ties > 1 ? random.below(ties) : 0
      for a in counts.indices where counts[a] == largest {
        if pick == 0 { return a }
        pick -= 1
      }
      return counts.count - 1  // unreachable: ties counted the arg-max actions
    }
    var total = 0.0
    for a in counts.indices { total += weight(counts[a], largest: largest, temperature: temperature) }
    let target = random.unitInterval() * total
    var cumulative = 0.0
    var lastPositive = 0
    for a in counts.indices {
      let w = weight(counts[a], largest: largest, temperature: temperature)
      guard w > 0 else { continue }
      cumulative += w
      lastPositive = a
      if target < cumulative { return a }
    }
    return lastPositive  // rounding left the target at the very top
  }

  /// N^(1/T), scaled by the largest count's so that small temperatures cannot overflow.
  @inline(__always)
  private static func weight(_ count: Int, largest: Int, temperature: Float) -> Double {
    if count == 0 { return 0 }
    if temperature == 1 { return Double(count) }
    return Elementary.exp(Elementary.log(Double(count) / Double(largest)) / Double(temperature))
  }
}
