/// How training targets are made from replay (App. A.4, Eq. 12) and the paper's ablation switches.
public struct TargetConfig: Sendable, Equatable, Codable {
  /// k of Table 6: the n-step horizon of value targets before the off-policy correction shortens it.
  public var tdSteps = 5
  /// The off-policy correction (Eq. 12) is these two: the dynamic horizon and the root-value bootstrap.
  /// Off = "no dynamic horizon": fixed tdSteps.
  public var dynamicHorizon = true
  /// Off = "no root value": bootstrap from the target network's value instead of a fresh search's root value.
  public var rootValue = true
  /// The horizon shrinks by one every `dynamicHorizonFraction` x collectionSteps of data age (Eq. 12:
  /// tau T_total with T_total = 100k, the steps of collection, not the 120k of training).
  public var dynamicHorizonFraction = 0.3
  /// Fraction of samples whose policy targets come from a fresh search (the rest keep self-play's).
  public var reanalyzedPolicyRatio = 0.99
  /// Value targets bootstrap from the last observation of an episode cut by a time limit (DMControl's
  /// 1,000 steps, CartPole's 500). Off: a time limit ends an episode like a terminal state, as the
  /// reference treats Atari's 12,000-frame cap (and the `atari100k` preset does).
  public var bootstrapsTimeLimits = true

  public init() {}

  /// Whether value targets bootstrap from a fresh search's root value (else the network's value).
  public var bootstrapsFromRootValue: Bool { rootValue }

  public func validate() throws(ConfigError) {
    guard tdSteps >= 1 else { throw ConfigError("td_steps must be >= 1") }
    guard dynamicHorizonFraction > 0 else { throw ConfigError("dynamic_horizon_fraction must be > 0") }
    guard reanalyzedPolicyRatio >= 0 && reanalyzedPolicyRatio <= 1 else {
      throw ConfigError("reanalyzed_policy_ratio must be in [0, 1]")
    }
  }
}
