/// Sizes of the EfficientZero networks. Defaults are App. A.1 for Atari; tests use tiny values.
public struct NetworkConfig: Sendable, Equatable, Codable {
  /// What one observation frame looks like.
  public enum Observation: Sendable, Equatable, Codable {
    /// Images, channel-first: stacked frames are concatenated on the channel axis.
    case image(channels: Int, height: Int, width: Int)
    /// Feature vectors (e.g. CartPole): stacked frames are concatenated.
    case vector(features: Int)
  }

  /// How rewards are predicted: EfficientZero's value prefix (LSTM) or MuZero's per-step reward.
  public enum RewardModel: String, Sendable, Equatable, CaseIterable, Codable { case valuePrefix, reward }

  public var observation: Observation = .image(channels: 3, height: 96, width: 96)
  public var stackedFrames = 4
  public var actionCount = 18
  /// Latent planes (image) or latent width (vector).
  public var channels = 64
  /// Residual blocks in the dynamics and prediction networks (the representation has its own).
  public var residualBlocks = 1
  /// 1x1-conv planes before the value prefix, value and policy MLPs.
  public var reducedChannels = 16
  /// Hidden layer widths of the value prefix, value and policy MLPs.
  public var headHiddenLayers = [32]
  public var lstmHiddenSize = 512
  /// Hidden width of the vector representation and dynamics MLPs.
  public var vectorHiddenSize = 128
  /// Categorical support -supportSize...supportSize for value and value prefix.
  public var supportSize = 300
  public var projectionHiddenSize = 1024
  public var projectionOutputSize = 1024
  public var predictorHiddenSize = 512
  public var batchNormMomentum = 0.1
  /// The value-prefix head's BatchNorm keeps running statistics for this many steps after an LSTM
  /// reset, one set per step (1: one set for all steps, as the paper and the reference). Evaluation
  /// with one pooled set normalises the first step, which starts from a zero state, wrongly.
  public var valuePrefixNormSteps = 1
  /// The prediction heads' BatchNorm statistics: pooled over the representation's and the dynamics'
  /// latents (the paper, the reference) or split by source (see `Prediction`).
  public var predictionNorm: PredictionNorm = .pooled
  /// Where the heads' BatchNorm layers take their batch statistics in training (see `HeadBatchNorm`).
  public var headBatchNorm: HeadBatchNorm = .perStep
  public var rewardModel: RewardModel = .valuePrefix

  public init() {}

  public var supportCount: Int { 2 * supportSize + 1 }

  /// Channels (image) or features (vector) of the stacked network input.
  public var inputChannels: Int {
    switch observation {
    case .image(let c, _, _): c * stackedFrames
    case .vector(let f): f * stackedFrames
    }
  }

  /// Shape of one frame of the input: [channels, height, width] or [features].
  public var frameShape: [Int] {
    switch observation {
    case .image(let c, let h, let w): [c, h, w]
    case .vector(let f): [f]
    }
  }

  /// Shape of one latent state (without the batch dimension).
  public var latentShape: [Int] {
    switch observation {
    // The representation halves the resolution four times (two strided convs, two poolings).
    case .image(_, let h, let w): [channels, (h + 15) / 16, (w + 15) / 16]
    case .vector: [channels]
    }
  }
  public var latentSize: Int { latentShape.reduce(1, *) }

  public func validate() throws(ConfigError) {
    func need(_ ok: Bool, _ what: String) throws(ConfigError) { if !ok { throw ConfigError(what) } }
    try need(stackedFrames >= 1, "stacked_frames must be >= 1")
    try need(actionCount >= 1, "action_count must be >= 1")
    try need(channels >= 2 && channels % 2 == 0, "channels must be an even number >= 2")
    try need(residualBlocks >= 0, "residual_blocks must be >= 0")
    try need(reducedChannels >= 1, "reduced_channels must be >= 1")
    try need(headHiddenLayers.allSatisfy { $0 >= 1 }, "head_hidden_layers must be positive widths")
    try need(lstmHiddenSize >= 1 && vectorHiddenSize >= 1, "hidden sizes must be >= 1")
    try need(supportSize >= 1, "support_size must be >= 1")
    try need(projectionHiddenSize >= 1 && projectionOutputSize >= 1 && predictorHiddenSize >= 1, "projection sizes must be >= 1")
    try need(batchNormMomentum > 0 && batchNormMomentum <= 1, "batch_norm_momentum must be in (0, 1]")
    try need(valuePrefixNormSteps >= 1, "value_prefix_norm_steps must be >= 1")
    try need(
      headBatchNorm == .perStep || (predictionNorm == .pooled && valuePrefixNormSteps == 1),
      "head_batch_norm=unroll pools every step's statistics: it needs prediction_norm=pooled and value_prefix_norm_steps=1")
    switch observation {
    case .image(let c, let h, let w): try need(c >= 1 && h >= 1 && w >= 1, "image observation sizes must be >= 1")
    case .vector(let f): try need(f >= 1, "vector observation size must be >= 1")
    }
  }
}

/// Running statistics of the prediction heads' BatchNorm layers (`prediction_norm`).
public enum PredictionNorm: String, Sendable, Codable, CaseIterable {
  /// One set for every latent, as the paper's network.
  case pooled
  /// One set for the representation's latents (search roots, unroll step 0) and one for the dynamics'.
  case split
}

/// Batch statistics of the value-prefix (reward), value and policy heads' BatchNorm layers in
/// training (`head_batch_norm`).
///
/// The paper's network is called once per unroll step, so each step's batch is normalised with its
/// own mean: whatever every sample shares at step k is removed. A head cannot tell the steps apart,
/// and a value prefix that grows with k (a reward every step: u_k = k) is learnt flat; in evaluation
/// the running statistics, pooled over the steps, normalise with statistics no training batch had.
public enum HeadBatchNorm: String, Sendable, Codable, CaseIterable {
  /// One batch per unroll step, as the paper and the reference.
  case perStep = "per_step"
  /// The heads run once over all steps of the unroll (the LSTM still runs step by step): one batch
  /// of B x steps rows, the statistics that the running statistics estimate.
  case unroll
}
