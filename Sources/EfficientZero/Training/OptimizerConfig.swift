/// SGD and its schedule (Table 6, App. A.4).
public struct OptimizerConfig: Sendable, Equatable, Codable {
  public var learningRate = 0.2
  public var momentum = 0.9
  public var weightDecay = 1e-4
  /// Linear warm-up over this fraction of the collection steps (1% of 100k in the reference).
  public var warmupFraction = 0.01
  /// x decayRate every decaySteps after the warm-up.
  public var decayRate = 0.1
  public var decaySteps = 100_000
  public var maxGradNorm = 5.0
  public var targetUpdateInterval = 200
  /// The target network gets the learner's current weights at each refresh; off (the reference),
  /// it gets the weights saved at the previous refresh, so reanalysis uses weights 200-400 steps old.
  public var freshTarget = false

  public init() {}

  /// The warm-up's length: a fraction of the collection phase's training steps (the reference's
  /// `training_steps`, 100k).
  public func warmupSteps(collectionSteps: Int) -> Int { Int(Double(collectionSteps) * warmupFraction) }

  /// The reference schedule: lr * step / warmup during the warm-up (so the first step has lr 0),
  /// then lr * decayRate^((step - warmup) / decaySteps).
  public func learningRate(atStep step: Int, collectionSteps: Int) -> Double {
    let warm = warmupSteps(collectionSteps: collectionSteps)
    if step < warm { return learningRate * Double(step) / Double(warm) }
    let drops = (step - warm) / decaySteps
    var lr = learningRate
    for _ in 0..<drops { lr *= decayRate }
    return lr
  }

  public func validate() throws(ConfigError) {
    guard learningRate > 0 else { throw ConfigError("learning_rate must be > 0") }
    guard momentum >= 0 && momentum < 1 else { throw ConfigError("momentum must be in [0, 1)") }
    guard weightDecay >= 0 else { throw ConfigError("weight_decay must be >= 0") }
    guard warmupFraction >= 0 && warmupFraction < 1 else { throw ConfigError("warmup_fraction must be in [0, 1)") }
    guard decayRate > 0 && decayRate <= 1 && decaySteps >= 1 else { throw ConfigError("decay_rate must be in (0, 1], decay_steps >= 1") }
    guard maxGradNorm > 0 else { throw ConfigError("max_grad_norm must be > 0") }
    guard targetUpdateInterval >= 1 else { throw ConfigError("target_update_interval must be >= 1") }
  }
}
