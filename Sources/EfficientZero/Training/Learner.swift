import Torch

/// What one learner step reports.
public struct LearnerStepReport: Sendable {
  public var step: Int
  public var learningRate: Double
  /// Gradient norm before clipping.
  public var gradientNorm: Double
  public var losses: [String: Double]
  public var priorities: [Float]
  public var targetUpdated: Bool
}

/// Runs training steps: loss (Eq. 6), backward, clip, SGD with the schedule; keeps the target network.
public final class Learner {
  public let network: EfficientZeroNetwork
  public let target: EfficientZeroNetwork
  public let lossConfig: LossConfig
  public let optimizerConfig: OptimizerConfig
  public let optimizer: SGD
  public let augmentation: Augmentation?
  public internal(set) var step = 0

  public init(
    network: EfficientZeroNetwork, lossConfig: LossConfig, optimizerConfig: OptimizerConfig, seed: UInt64
  ) throws {
    try lossConfig.validate()
    try optimizerConfig.validate()
    self.network = network
    self.lossConfig = lossConfig
    self.optimizerConfig = optimizerConfig
    target = try EfficientZeroNetwork(network.config)
    try target.copyState(from: network)
    target.eval()
    optimizer = SGD(
      parameters: network.namedParameters(), learningRate: optimizerConfig.learningRate(atStep: 0),
      momentum: optimizerConfig.momentum, weightDecay: optimizerConfig.weightDecay)
    augmentation = lossConfig.augmentation ? try Augmentation(seed: seed) : nil
  }

  /// One update on `batch`; refreshes the target network every `targetUpdateInterval` steps.
  public func train(on batch: TrainingBatch) throws(TorchError) -> LearnerStepReport {
    network.train()
    let lr = optimizerConfig.learningRate(atStep: step)
    optimizer.learningRate = lr
    let output = try network.loss(batch, config: lossConfig, augmentation: augmentation)
    try optimizer.zeroGrad()
    try (output.total / Double(lossConfig.unrollSteps)).backward()
    let norm = try clipGradNorm(optimizer.parameters.map(\.tensor), maxNorm: optimizerConfig.maxGradNorm)
    try optimizer.step()
    step += 1
    let refresh = step % optimizerConfig.targetUpdateInterval == 0
    if refresh { try target.copyState(from: network) }
    return LearnerStepReport(
      step: step, learningRate: lr, gradientNorm: norm, losses: output.terms, priorities: output.priorities,
      targetUpdated: refresh)
  }
}
