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

/// How value and value-prefix targets are made: the run's target settings with the shared values they read
/// (unroll, discount, LSTM horizon, collection steps, reward model).
public struct ValueTargetRule: Sendable, Equatable {
  public var settings: TargetConfig
  public var shared: SharedSettings

  public init(_ settings: TargetConfig, shared: SharedSettings) {
    self.settings = settings
    self.shared = shared
  }

  /// l = clip(k - floor((T_now - T_collected) / (fraction T_total)), 1, k) with the dynamic horizon on;
  /// k otherwise.
  public func horizon(now: Int, collected: Int) -> Int {
    let k = settings.tdSteps
    guard settings.dynamicHorizon else { return k }
    let period = settings.dynamicHorizonFraction * Double(shared.collectionSteps)
    let age = Double(Swift.max(0, now - collected))
    let shrink = period > 0 ? Int((age / period).rounded(.down)) : 0
    return Swift.min(Swift.max(k - shrink, 1), k)
  }
  /// Positions t + k + l (k = 0 ... unroll) whose bootstrap value the targets need: those before the
  /// end of the stored moves, and, where a time limit cut the episode (`truncated`), the last
  /// observation for every target whose horizon reaches past it.
  public func bootstrapPositions(position t: Int, horizon l: Int, steps: Int, truncated: Bool = false) -> [Int] {
    var positions: [Int] = []
    for k in 0...shared.unrollSteps {
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
    let discount = shared.discount
    var values: [Float] = []
    for k in 0...shared.unrollSteps {
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
    for k in 0..<shared.unrollSteps {
      let s = t + k
      if k % shared.lstmHorizon == 0 { prefix = 0 }
      let r: Float = s < steps ? rewards[s] : 0
      prefix += r
      prefixes.append(shared.rewardModel == .reward ? r : prefix)
    }
    let masks = (0..<shared.unrollSteps).map { t + $0 < steps ? Float(1) : 0 }
    return PositionTargets(valuePrefixes: prefixes, values: values, masks: masks)
  }
}

private func pow(_ x: Double, _ n: Int) -> Double {
  var result = 1.0
  for _ in 0..<n { result *= x }
  return result
}
