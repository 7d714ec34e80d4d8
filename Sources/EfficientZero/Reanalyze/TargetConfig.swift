/// How training targets are made from replay (App. A.4, Eq. 12) and the paper's ablation switches.
public struct TargetConfig: Sendable, Equatable, Codable {
  /// In a run, `TrainingConfig` sets the unroll, discount, LSTM horizon, collection steps and reward
  /// model of these targets from its own single copy.
  public var unrollSteps = 5
  /// k of Table 6: the n-step horizon of value targets before the off-policy correction shortens it.
  public var tdSteps = 5
  /// Per agent step (0.997^4 for Atari).
  public var discount = 0.997 * 0.997 * 0.997 * 0.997
  /// zeta: value-prefix targets restart every this many unrolled steps.
  public var lstmHorizon = 5
  /// The off-policy correction (Eq. 12) is these two: the dynamic horizon and the root-value bootstrap.
  /// Off = "no dynamic horizon": fixed tdSteps.
  public var dynamicHorizon = true
  /// Off = "no root value": bootstrap from the target network's value instead of a fresh search's root value.
  public var rootValue = true
  /// The horizon shrinks by one every `dynamicHorizonFraction` x collectionSteps of data age (Eq. 12:
  /// tau T_total with T_total = 100k, the steps of collection, not the 120k of training).
  public var dynamicHorizonFraction = 0.3
  public var collectionSteps = 100_000
  /// Fraction of samples whose policy targets come from a fresh search (the rest keep self-play's).
  public var reanalyzedPolicyRatio = 0.99
  /// Per-step reward targets (the MuZero reward head) instead of value prefixes.
  public var perStepRewards = false
  /// Value targets bootstrap from the last observation of an episode cut by a time limit (DMControl's
  /// 1,000 steps, CartPole's 500). Off: a time limit ends an episode like a terminal state, as the
  /// reference treats Atari's 12,000-frame cap (and the `atari100k` preset does).
  public var bootstrapsTimeLimits = true

  public init() {}

  /// l = clip(k - floor((T_now - T_collected) / (fraction T_total)), 1, k) with the dynamic horizon on;
  /// k otherwise.
  public func horizon(now: Int, collected: Int) -> Int {
    guard dynamicHorizon else { return tdSteps }
    let period = dynamicHorizonFraction * Double(collectionSteps)
    let age = Double(Swift.max(0, now - collected))
    let shrink = period > 0 ? Int((age / period).rounded(.down)) : 0
    return Swift.min(Swift.max(tdSteps - shrink, 1), tdSteps)
  }

  /// Whether value targets bootstrap from a fresh search's root value (else the network's value).
  public var bootstrapsFromRootValue: Bool { rootValue }

  public func validate() throws(ConfigError) {
    guard unrollSteps >= 1 else { throw ConfigError("unroll_steps must be >= 1") }
    guard tdSteps >= 1 else { throw ConfigError("td_steps must be >= 1") }
    guard discount > 0 && discount <= 1 else { throw ConfigError("discount must be in (0, 1]") }
    guard lstmHorizon >= 1 else { throw ConfigError("lstm_horizon must be >= 1") }
    guard dynamicHorizonFraction > 0 else { throw ConfigError("dynamic_horizon_fraction must be > 0") }
    guard collectionSteps >= 1 else { throw ConfigError("collection_steps must be >= 1") }
    guard reanalyzedPolicyRatio >= 0 && reanalyzedPolicyRatio <= 1 else {
      throw ConfigError("reanalyzed_policy_ratio must be in [0, 1]")
    }
  }
}
