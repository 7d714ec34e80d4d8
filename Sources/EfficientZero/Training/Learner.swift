import Torch

/// What one learner step reports.
public struct LearnerStepReport: Sendable {
  public var step: Int
  public var learningRate: Double
  /// Gradient norm before clipping.
  public var gradientNorm: Double
  public var losses: LossTerms
  public var priorities: [Float]
  public var targetUpdated: Bool
  /// Mixed precision only: the gradients were not finite at the current loss scale, so the
  /// parameters were left alone and the scale backed off (as torch.amp.GradScaler).
  public var updateSkipped = false
  /// Batch means of the predicted root value and of its target (`LossOutput`).
  public var valueMean = 0.0
  public var valueTargetMean = 0.0
}

/// Runs training steps: loss (Eq. 6), backward, clip, SGD with the schedule; keeps the target network.
///
/// As the reference (core/train.py), each refresh gives the target the weights saved at the previous
/// refresh and saves the current ones, so reanalysis works with weights 200-400 steps old (the
/// initial weights until the second refresh); `freshTarget` gives it the current weights instead.
public final class Learner {
  public let network: EfficientZeroNetwork
  public let target: EfficientZeroNetwork
  /// The weights saved at the latest refresh, which the next refresh gives the target.
  public let nextTarget: EfficientZeroNetwork
  public let lossConfig: LossConfig
  public let optimizerConfig: OptimizerConfig
  /// The unroll and LSTM horizon of the loss, the collection steps of the learning-rate schedule.
  public let shared: SharedSettings
  public let optimizer: SGD
  public let augmentation: Augmentation?
  /// Loss scaling where the network runs in mixed precision.
  public let gradScaler: GradScaler?
  public internal(set) var step = 0

  public init(
    network: EfficientZeroNetwork, lossConfig: LossConfig, optimizerConfig: OptimizerConfig, shared: SharedSettings,
    seed: UInt64
  ) throws {
    try lossConfig.validate()
    try optimizerConfig.validate()
    try shared.validate()
    self.network = network
    self.lossConfig = lossConfig
    self.optimizerConfig = optimizerConfig
    self.shared = shared
    // The copies live where the network does, in its layout.
    target = try EfficientZeroNetwork(network.config)
    try target.place(like: network)
    try target.copyState(from: network)
    target.eval()
    nextTarget = try EfficientZeroNetwork(network.config)
    try nextTarget.place(like: network)
    try nextTarget.copyState(from: network)
    nextTarget.eval()
    optimizer = SGD(
      parameters: network.namedParameters(), learningRate: optimizerConfig.learningRate(atStep: 0, collectionSteps: shared.collectionSteps),
      momentum: optimizerConfig.momentum, weightDecay: optimizerConfig.weightDecay)
    augmentation = lossConfig.augmentation ? try Augmentation(seed: seed) : nil
    gradScaler = network.usesMixedPrecision ? try GradScaler(device: network.device) : nil
  }

  /// One update on `batch`; refreshes the target network every `targetUpdateInterval` steps.
  /// A non-finite loss term or gradient norm throws `TrainingError` before the parameters change
  /// (BatchNorm's running statistics have seen the batch's observations by then).
  public func train(on batch: TrainingBatch) throws -> LearnerStepReport {
    network.train()
    let lr = optimizerConfig.learningRate(atStep: step, collectionSteps: shared.collectionSteps)
    optimizer.learningRate = lr
    let output = try network.inPrecision { () throws(TorchError) in
      try network.loss(batch, config: lossConfig, shared: shared, augmentation: augmentation)
    }
    // Name the first bad term of Eq. 6 (the total is bad whenever one of them is).
    if let bad = output.terms.firstNonFinite {
      throw TrainingError("training step \(step + 1): the \(bad.name) loss is \(bad.value); the parameters were not updated")
    }
    try optimizer.zeroGrad()
    let objective = try output.total / Double(shared.unrollSteps)
    // With mixed precision as the reference's torch_amp: backward on the scaled loss, unscale,
    // clip, step unless a gradient overflowed, update the scale.
    try (gradScaler.map { s throws(TorchError) in try s.scaled(objective) } ?? objective).backward()
    let finite = try gradScaler?.unscale(optimizer.parameters.compactMap(\.tensor.grad)) ?? true
    let norm = try clipGradNorm(optimizer.parameters.map(\.tensor), maxNorm: optimizerConfig.maxGradNorm)
    guard norm.isFinite || gradScaler != nil else {
      throw TrainingError("training step \(step + 1): the gradient norm is \(norm); the parameters were not updated")
    }
    if finite { try optimizer.step() }
    try gradScaler?.update()
    step += 1
    let refresh = step % optimizerConfig.targetUpdateInterval == 0
    if refresh {
      if optimizerConfig.freshTarget {
        try target.copyState(from: network)
      } else {
        try target.copyState(from: nextTarget)
        try nextTarget.copyState(from: network)
      }
    }
    return LearnerStepReport(
      step: step, learningRate: lr, gradientNorm: norm, losses: output.terms, priorities: output.priorities,
      targetUpdated: refresh, updateSkipped: !finite, valueMean: output.valueMean, valueTargetMean: output.valueTargetMean)
  }
}
