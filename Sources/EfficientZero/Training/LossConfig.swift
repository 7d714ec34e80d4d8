/// The loss of Eq. 6 and its ablation switches. Defaults are Table 6.
public struct LossConfig: Sendable, Equatable, Codable {
  public var unrollSteps = 5
  /// zeta: the value-prefix LSTM restarts after this many unrolled steps.
  public var lstmHorizon = 5
  public var rewardCoefficient = 1.0
  public var policyCoefficient = 1.0
  public var valueCoefficient = 0.25
  public var consistencyCoefficient = 2.0
  /// Off = the "no consistency" ablation (and MuZero).
  public var consistency = true
  /// Off = the "no augmentation" ablation.
  public var augmentation = true
  /// Gradient into each unrolled hidden state is scaled by this (MuZero's 0.5).
  public var hiddenGradientScale = 0.5
  /// The reference masks only the consistency term past an episode end (policy targets are zero
  /// there; value and reward learn the absorbing state). `true` masks every unrolled term.
  public var maskAllTermsPastEnd = false
  /// Added to new priorities so none is zero.
  public var priorityEpsilon = 1e-6

  public init() {}

  public func validate() throws(ConfigError) {
    guard unrollSteps >= 1 else { throw ConfigError("unroll_steps must be >= 1") }
    guard lstmHorizon >= 1 else { throw ConfigError("lstm_horizon must be >= 1") }
    guard [rewardCoefficient, policyCoefficient, valueCoefficient, consistencyCoefficient].allSatisfy({ $0 >= 0 }) else {
      throw ConfigError("loss coefficients must be >= 0")
    }
    guard hiddenGradientScale > 0 && hiddenGradientScale <= 1 else { throw ConfigError("hidden_gradient_scale must be in (0, 1]") }
  }
}
