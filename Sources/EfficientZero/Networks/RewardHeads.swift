import Torch

/// LSTM state of the value-prefix head; zero at the start of every horizon.
public struct RewardState {
  public var h: Tensor
  public var c: Tensor
  public init(h: Tensor, c: Tensor) {
    self.h = h
    self.c = c
  }
}

/// Predicts the reward term of a latent state produced by the dynamics: logits over the support.
public protocol RewardHead: Module {
  /// `state` is nil for heads without memory; the returned state is nil for them too.
  func callAsFunction(_ latent: Tensor, state: RewardState?) throws(TorchError) -> (logits: Tensor, state: RewardState?)
  /// The state at the start of a horizon for a batch (nil for heads without memory).
  func initialState(batch: Int) throws(TorchError) -> RewardState?
}

/// Reduces a latent state to a flat vector: 1x1 conv + BN + ReLU for images, identity for vectors.
final class LatentReducer: Module {
  let conv: Conv2d?
  let bn: BatchNorm?
  let outputSize: Int

  init(_ config: NetworkConfig, generator: Generator?) throws(TorchError) {
    switch config.observation {
    case .image:
      conv = try Conv2d(config.channels, config.reducedChannels, kernelSize: 1, generator: generator)
      bn = try BatchNorm(config.reducedChannels, momentum: config.batchNormMomentum)
      let s = config.latentShape
      outputSize = config.reducedChannels * s[1] * s[2]
    case .vector:
      conv = nil
      bn = nil
      outputSize = config.channels
    }
  }

  func callAsFunction(_ latent: Tensor) throws(TorchError) -> Tensor {
    guard let conv, let bn else { return latent }
    return try bn(conv(latent)).relu().flatten(from: 1)
  }
}

/// EfficientZero's value-prefix head (Sec. 4.2, App. A.1): reduce, LSTM, BN + ReLU, MLP to the support.
public final class ValuePrefixHead: RewardHead {
  let reducer: LatentReducer
  let lstm: LSTMCell
  let bnValuePrefix: BatchNorm
  let fc: MLP

  public init(_ config: NetworkConfig, generator: Generator?) throws(TorchError) {
    reducer = try LatentReducer(config, generator: generator)
    lstm = try LSTMCell(inputSize: reducer.outputSize, hiddenSize: config.lstmHiddenSize, generator: generator)
    bnValuePrefix = try BatchNorm(config.lstmHiddenSize, momentum: config.batchNormMomentum)
    fc = try MLP(
      input: config.lstmHiddenSize, hidden: config.headHiddenLayers, output: config.supportCount,
      momentum: config.batchNormMomentum, zeroLast: true, generator: generator)
  }

  public func initialState(batch: Int) throws(TorchError) -> RewardState? {
    let z = try lstm.zeroState(batch: batch)
    return RewardState(h: z.h, c: z.c)
  }

  public func callAsFunction(_ latent: Tensor, state: RewardState?) throws(TorchError) -> (logits: Tensor, state: RewardState?) {
    let x = try reducer(latent)
    let previous: (h: Tensor, c: Tensor)
    if let state { previous = (state.h, state.c) } else { previous = try lstm.zeroState(batch: latent.size(0)) }
    let (h, c) = try lstm(x, state: previous)
    let logits = try fc(bnValuePrefix(h).relu())
    return (logits, RewardState(h: h, c: c))
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
}
