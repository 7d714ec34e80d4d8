/// The scalar targets of one sampled position, computed from a segment's rewards and the bootstrap
/// values of the positions they need (App. A.4 and Eq. 12). Pure: easy to check by hand.
public struct PositionTargets: Equatable, Sendable {
  /// u_0 ..< u_unroll: running reward sums since the last horizon reset (or per-step rewards).
  public var rewards: [Float]
  /// z_0 ... z_unroll.
  public var values: [Float]
  /// 1 where move t + k exists (k < unroll).
  public var masks: [Float]
}

extension TargetConfig {
  /// Positions t + k + l (k = 0 ... unroll) whose bootstrap value the targets need: those before the
  /// end of the stored moves.
  public func bootstrapPositions(position t: Int, horizon l: Int, steps: Int) -> [Int] {
    (0...unrollSteps).map { t + $0 + l }.filter { $0 < steps }
  }

  /// Targets for position `t` of a segment with `rewards` (one per stored move), given the
  /// bootstrap value of each position returned by `bootstrapPositions` (through `bootstrapValue`).
  ///   z_s = sum_{i < l} gamma^i r_{s+i} + gamma^l v(s + l)  (v = 0 at or past the end of the episode)
  ///   z_s = 0 for s at or past the end.
  public func targets(position t: Int, horizon l: Int, rewards: [Float], bootstrapValue: (Int) -> Float) -> PositionTargets {
    let steps = rewards.count
    var values: [Float] = []
    for k in 0...unrollSteps {
      let s = t + k
      guard s < steps else {
        values.append(0)
        continue
      }
      let b = s + l
      var z = 0.0
      if b < steps { z = Double(bootstrapValue(b)) * pow(discount, l) }
      for (i, r) in rewards[s..<Swift.min(b, steps)].enumerated() { z += Double(r) * pow(discount, i) }
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
    return PositionTargets(rewards: prefixes, values: values, masks: masks)
  }
}

private func pow(_ x: Double, _ n: Int) -> Double {
  var result = 1.0
  for _ in 0..<n { result *= x }
  return result
}
