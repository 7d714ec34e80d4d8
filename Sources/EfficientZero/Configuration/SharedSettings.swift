/// The settings that several parts of training read: declared once in `TrainingConfig` (`unroll_steps`,
/// `lstm_horizon`, `discount`, `collection_steps`, the network's reward model) and passed to each part that
/// reads them (the loss, the optimiser's schedule, the value targets); no part declares them itself.
public struct SharedSettings: Sendable, Equatable {
  /// K: unrolled steps of the loss and of the targets.
  public var unrollSteps = 5
  /// ζ: the value-prefix LSTM restarts every this many steps (loss, targets, search).
  public var lstmHorizon = 5
  /// Per agent step (0.997^4 for Atari).
  public var discount = 0.997 * 0.997 * 0.997 * 0.997
  /// Training steps of the collection phase: T_total of the temperature, warm-up and Eq. 12 schedules.
  public var collectionSteps = 100_000
  /// Value prefixes (EfficientZero) or per-step rewards (MuZero).
  public var rewardModel: NetworkConfig.RewardModel = .valuePrefix

  public init(
    unrollSteps: Int = 5, lstmHorizon: Int = 5, discount: Double = 0.997 * 0.997 * 0.997 * 0.997,
    collectionSteps: Int = 100_000, rewardModel: NetworkConfig.RewardModel = .valuePrefix
  ) {
    self.unrollSteps = unrollSteps
    self.lstmHorizon = lstmHorizon
    self.discount = discount
    self.collectionSteps = collectionSteps
    self.rewardModel = rewardModel
  }

  public func validate() throws(ConfigError) {
    guard unrollSteps >= 1 else { throw ConfigError("unroll_steps must be >= 1") }
    guard lstmHorizon >= 1 else { throw ConfigError("lstm_horizon must be >= 1") }
    guard discount > 0 && discount <= 1 else { throw ConfigError("discount must be in (0, 1]") }
    guard collectionSteps >= 1 else { throw ConfigError("collection_steps must be >= 1") }
  }
}
