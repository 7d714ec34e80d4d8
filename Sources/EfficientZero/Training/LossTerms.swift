/// The terms of Eq. 6 over a batch: means over the samples, before the importance weights (the total
/// is the weighted mean that the learner backpropagates).
public struct LossTerms: Sendable, Equatable {
  /// The value-prefix term, or the per-step reward term for MuZero's reward model.
  public var reward: Double
  public var policy: Double
  public var value: Double
  public var consistency: Double
  public var total: Double
  /// Names the reward term: "value_prefix" or "reward".
  public var rewardModel: NetworkConfig.RewardModel

  public init(
    reward: Double, policy: Double, value: Double, consistency: Double, total: Double,
    rewardModel: NetworkConfig.RewardModel
  ) {
    self.reward = reward
    self.policy = policy
    self.value = value
    self.consistency = consistency
    self.total = total
    self.rewardModel = rewardModel
  }

  /// The terms by their logged names, reward term first and the total last (`loss/<name>` in the metrics).
  public var named: [(name: String, value: Double)] {
    [
      (rewardModel == .valuePrefix ? "value_prefix" : "reward", reward), ("policy", policy), ("value", value),
      ("consistency", consistency), ("total", total),
    ]
  }

  /// The first term that is not a finite number, if any.
  public var firstNonFinite: (name: String, value: Double)? { named.first { !$0.value.isFinite } }

  /// Every term zero: the start of a sum.
  public static func zero(_ rewardModel: NetworkConfig.RewardModel) -> LossTerms {
    LossTerms(reward: 0, policy: 0, value: 0, consistency: 0, total: 0, rewardModel: rewardModel)
  }

  /// Term by term, as interval means are summed.
  public static func + (a: LossTerms, b: LossTerms) -> LossTerms {
    LossTerms(
      reward: a.reward + b.reward, policy: a.policy + b.policy, value: a.value + b.value,
      consistency: a.consistency + b.consistency, total: a.total + b.total, rewardModel: b.rewardModel)
  }

  public static func / (a: LossTerms, n: Double) -> LossTerms {
    LossTerms(
      reward: a.reward / n, policy: a.policy / n, value: a.value / n, consistency: a.consistency / n, total: a.total / n,
      rewardModel: a.rewardModel)
  }
}
