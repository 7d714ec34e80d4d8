import Torch

/// LSTM state of the value-prefix head; zero at the start of every horizon.
public struct RewardState {
  public var h: Tensor
  public var c: Tensor
  /// Per row: LSTM steps taken since the state was last reset (0 for a fresh state).
  public var stepsSinceReset: [Int]
  public init(h: Tensor, c: Tensor, stepsSinceReset: [Int]) {
    self.h = h
    self.c = c
    self.stepsSinceReset = stepsSinceReset
  }

  /// The state with the rows marked in `reset` zeroed, as at the start of a horizon.
  public func resetting(_ reset: [Bool]) throws(TorchError) -> RewardState {
    guard reset.contains(true) else { return self }
    let keep = try Tensor(reset.map { $0 ? Float(0) : 1 }, shape: [reset.count, 1]).to(h.device)
    return RewardState(
      h: try h * keep, c: try c * keep, stepsSinceReset: zip(stepsSinceReset, reset).map { $1 ? 0 : $0 })
  }
}

/// Predicts the reward term of a latent state produced by the dynamics: logits over the support.
public protocol RewardHead: Module {
  /// `state` is nil for heads without memory; the returned state is nil for them too.
  func callAsFunction(_ latent: Tensor, state: RewardState?) throws(TorchError) -> (logits: Tensor, state: RewardState?)
  /// The state at the start of a horizon for a batch (nil for heads without memory).
  func initialState(batch: Int) throws(TorchError) -> RewardState?
  /// The logits of every step of an unroll (`latents[k]`: the batch's state after k + 1 moves, the
  /// memory reset every `lstmHorizon` steps), the layers outside the LSTM run once over all steps
  /// (`head_batch_norm: unroll`).
  func logitsOverUnroll(_ latents: [Tensor], lstmHorizon: Int) throws(TorchError) -> [Tensor]
}

/// `rows` cut back into `parts` consecutive blocks of equal size (the inverse of `Tensor.cat`).
func splitRows(_ rows: Tensor, parts: Int) throws(TorchError) -> [Tensor] {
  let size = rows.size(0) / parts
  return try (0..<parts).map { k throws(TorchError) in try rows.slice(dim: 0, start: k * size, end: (k + 1) * size) }
}

/// Reduces a latent state to a flat vector: 1x1 conv + BN + ReLU for images, identity for vectors.
final class LatentReducer: Module {
  let conv: Conv2d?
  let bn: BatchNorm?
  let outputSize: Int

  init(_ config: NetworkConfig, generator: Generator?, normSources: Int = 1) throws(TorchError) {
    switch config.observation {
    case .image:
      conv = try Conv2d(config.channels, config.reducedChannels, kernelSize: 1, generator: generator)
      bn = try BatchNorm(config.reducedChannels, momentum: config.batchNormMomentum, sources: normSources)
      let s = config.latentShape
      outputSize = config.reducedChannels * s[1] * s[2]
    case .vector:
      conv = nil
      bn = nil
      outputSize = config.channels
    }
  }

  func callAsFunction(_ latent: Tensor, source: Int = 0) throws(TorchError) -> Tensor {
    guard let conv, let bn else { return latent }
    return try conv.normalized(latent, by: bn, source: source).relu().flatten(from: 1)
  }
}

extension LatentReducer: InferencePreparing {
  func prepareOwnInference() throws(TorchError) -> Int {
    guard let conv, let bn else { return 0 }
    try conv.fold(bn)
    return 1
  }
}

/// EfficientZero's value-prefix head (Sec. 4.2, App. A.1): reduce, LSTM, BN + ReLU, MLP to the support.
public final class ValuePrefixHead: RewardHead {
  let reducer: LatentReducer
  let lstm: LSTMCell
  /// One of the two: the paper's BatchNorm, or statistics per step after a reset (`valuePrefixNormSteps` > 1).
  let bnValuePrefix: BatchNorm?
  let bnValuePrefixSteps: StepwiseBatchNorm?
  let fc: MLP

  public init(_ config: NetworkConfig, generator: Generator?) throws(TorchError) {
    reducer = try LatentReducer(config, generator: generator)
    lstm = try LSTMCell(inputSize: reducer.outputSize, hiddenSize: config.lstmHiddenSize, generator: generator)
    if config.valuePrefixNormSteps > 1 {
      bnValuePrefix = nil
      bnValuePrefixSteps = try StepwiseBatchNorm(
        config.lstmHiddenSize, steps: config.valuePrefixNormSteps, momentum: config.batchNormMomentum)
    } else {
      bnValuePrefix = try BatchNorm(config.lstmHiddenSize, momentum: config.batchNormMomentum)
      bnValuePrefixSteps = nil
    }
    fc = try MLP(
      input: config.lstmHiddenSize, hidden: config.headHiddenLayers, output: config.supportCount,
      momentum: config.batchNormMomentum, zeroLast: true, generator: generator)
  }

  public func initialState(batch: Int) throws(TorchError) -> RewardState? {
    let z = try lstm.zeroState(batch: batch)
    return RewardState(h: z.h, c: z.c, stepsSinceReset: [Int](repeating: 0, count: batch))
  }

  public func callAsFunction(_ latent: Tensor, state: RewardState?) throws(TorchError) -> (logits: Tensor, state: RewardState?) {
    let x = try reducer(latent)
    let previous: RewardState
    if let state { previous = state } else { previous = try initialState(batch: latent.size(0))! }
    let (h, c) = try lstm(x, state: (previous.h, previous.c))
    let normalised: Tensor
    if let bnValuePrefixSteps {
      normalised = try bnValuePrefixSteps(h, stepOfRow: previous.stepsSinceReset)
    } else {
      normalised = try bnValuePrefix!(h)
    }
    let logits = try fc(normalised.relu())
    return (logits, RewardState(h: h, c: c, stepsSinceReset: previous.stepsSinceReset.map { $0 + 1 }))
  }

  public func logitsOverUnroll(_ latents: [Tensor], lstmHorizon: Int) throws(TorchError) -> [Tensor] {
    guard let bnValuePrefix, let first = latents.first else {
      throw TorchError("the value-prefix head runs over an unroll only with one set of statistics (value_prefix_norm_steps=1)")
    }
    let batch = first.size(0)
    let inputs = try splitRows(reducer(Tensor.cat(latents)), parts: latents.count)
    var state = try lstm.zeroState(batch: batch)
    var hidden: [Tensor] = []
    for (k, x) in inputs.enumerated() {
      state = try lstm(x, state: state)
      hidden.append(state.h)
      if (k + 1) % lstmHorizon == 0 { state = try lstm.zeroState(batch: batch) }
    }
    return try splitRows(fc(bnValuePrefix(Tensor.cat(hidden)).relu()), parts: latents.count)
  }
}

/// MuZero's per-step reward head (the "no value prefix" ablation): reduce, MLP to the support.
public final class StepRewardHead: RewardHead {
  let reducer: LatentReducer
  let fc: MLP

  public init(_ config: NetworkConfig, generator: Generator?) throws(TorchError) {
    reducer = try LatentReducer(config, generator: generator)
    fc = try MLP(
      input: reducer.outputSize, hidden: config.headHiddenLayers, output: config.supportCount,
      momentum: config.batchNormMomentum, zeroLast: true, generator: generator)
  }

  public func initialState(batch: Int) throws(TorchError) -> RewardState? { nil }

  public func callAsFunction(_ latent: Tensor, state: RewardState?) throws(TorchError) -> (logits: Tensor, state: RewardState?) {
    (try fc(reducer(latent)), nil)
  }

  public func logitsOverUnroll(_ latents: [Tensor], lstmHorizon: Int) throws(TorchError) -> [Tensor] {
    try splitRows(fc(reducer(Tensor.cat(latents))), parts: latents.count)
  }
}
