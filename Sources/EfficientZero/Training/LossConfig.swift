/// The loss of Eq. 6 and its ablation switches. Defaults are Table 6.
public struct LossConfig: Sendable, Equatable, Codable {
  public var rewardCoefficient = 1.0
  public var policyCoefficient = 1.0
  public var valueCoefficient = 0.25
  /// 0 = the "no consistency" ablation (and MuZero): the term is not computed.
  public var consistencyCoefficient = 2.0
  /// Off = the "no augmentation" ablation.
  public var augmentation = true
  /// Gradient into each unrolled hidden state is scaled by this (MuZero's 0.5).
  public var hiddenGradientScale = 0.5
  /// Every unrolled term (consistency, policy, value, value prefix) is multiplied by the mask of
  /// moves that exist, as the authors' final code does (core/train.py masks each with `mask_batch`);
  /// `false` masks only the consistency term, as their code did at the paper's time (value and
  /// reward then learn an absorbing state past the end).
  public var maskAllTermsPastEnd = true
  /// Added to new priorities so none is zero.
  public var priorityEpsilon = 1e-6

  public init() {}

  /// Whether the temporal-consistency term is part of the loss.
  public var consistency: Bool { consistencyCoefficient > 0 }

  public func validate() throws(ConfigError) {
    guard [rewardCoefficient, policyCoefficient, valueCoefficient, consistencyCoefficient].allSatisfy({ $0 >= 0 }) else {
      throw ConfigError("loss coefficients must be >= 0")
    }
    guard hiddenGradientScale > 0 && hiddenGradientScale <= 1 else { throw ConfigError("hidden_gradient_scale must be in (0, 1]") }
  }
}
