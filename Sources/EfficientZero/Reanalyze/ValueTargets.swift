/// The scalar targets of one sampled position, computed from a segment's rewards and the bootstrap
/// values of the positions they need (App. A.4 and Eq. 12). Pure: easy to check by hand.
public struct PositionTargets: Equatable, Sendable {
  /// u_0 ..< u_unroll: running reward sums since the last horizon reset (or per-step rewards).
  public var valuePrefixes: [Float]
  /// z_0 ... z_unroll.
  public var values: [Float]
  /// 1 where move t + k exists (k < unroll).
  public var masks: [Float]
}

extension TargetConfig {
  /// Positions t + k + l (k = 0 ... unroll) whose bootstrap value the targets need: those before the
  /// end of the stored moves, and, where a time limit cut the episode (`truncated`), the last
  /// observation for every target whose horizon reaches past it.
  public func bootstrapPositions(position t: Int, horizon l: Int, steps: Int, truncated: Bool = false) -> [Int] {
    var positions: [Int] = []
    for k in 0...unrollSteps {
      if let b = bootstrapPosition(t + k, horizon: l, steps: steps, truncated: truncated), !positions.contains(b) {
        positions.append(b)
      }
    }
    return positions
  }

  /// Where the value target of position `s` bootstraps, if anywhere: s + l inside the stored moves;
  /// the last observation (index `steps`) when a time limit cut the episode before s + l; nowhere
  /// past a terminal state.
  func bootstrapPosition(_ s: Int, horizon l: Int, steps: Int, truncated: Bool) -> Int? {
    if s + l < steps { return s + l }
    return truncated && s <= steps ? steps : nil
  }

  /// Targets for position `t` of a segment with `rewards` (one per stored move), given the
  /// bootstrap value of each position returned by `bootstrapPositions` (through `bootstrapValue`).
  ///   z_s = sum_{i < l} gamma^i r_{s+i} + gamma^l v(s + l)
  /// past a terminal state v = 0 and z_s = 0 for s at or past it; past a time limit (`truncated`)
  /// the sum stops at the last observation and bootstraps from it: z_s = ... + gamma^(steps - s) v(steps).
  public func targets(
    position t: Int, horizon l: Int, rewards: [Float], truncated: Bool = false, bootstrapValue: (Int) -> Float
  ) -> PositionTargets {
    let steps = rewards.count
    var values: [Float] = []
    for k in 0...unrollSteps {
      let s = t + k
      let bootstrap = bootstrapPosition(s, horizon: l, steps: steps, truncated: truncated)
      guard s < steps || bootstrap != nil else {
        values.append(0)
        continue
      }
      var z = 0.0
      if let b = bootstrap { z = Double(bootstrapValue(b)) * pow(discount, b - s) }
      let end = Swift.min(bootstrap ?? steps, steps)
      if s < end {
        for (i, r) in rewards[s..<end].enumerated() { z += Double(r) * pow(discount, i) }
      }
      values.append(Float(z))
    }
    var prefixes: [Float] = []
    var prefix: Float = 0
    for k in 0..<unrollSteps {
      let s = t + k
      if k % lstmHorizon == 0 { prefix = 0 }
      let r: Float = s < steps ? rewards[s] : 0
      prefix += r
      prefixes.append(perStepRewards ? r : prefix)
    }
    let masks = (0..<unrollSteps).map { t + $0 < steps ? Float(1) : 0 }
    return PositionTargets(valuePrefixes: prefixes, values: values, masks: masks)
  }
}

private func pow(_ x: Double, _ n: Int) -> Double {
  var result = 1.0
  for _ in 0..<n { result *= x }
  return result
}
