import Torch

/// The dynamics network G (App. A.1): next latent state from a latent state and an action.
public protocol Dynamics: Module {
  func callAsFunction(_ latent: Tensor, actions: Tensor) throws(TorchError) -> Tensor
}

/// Image dynamics: the action as one plane a/|A| (65 planes), conv 3x3 -> BN, plus the input
/// state (the extra residual link), ReLU, then residual blocks.
public final class ConvDynamics: Dynamics {
  let conv: Conv2d
  let bn: BatchNorm
  let blocks: [ResidualBlock]
  let actionCount: Int

  public init(_ config: NetworkConfig, generator: Generator?) throws(TorchError) {
    conv = try Conv2d(config.channels + 1, config.channels, kernelSize: 3, padding: 1, bias: false, generator: generator)
    bn = try BatchNorm(config.channels, momentum: config.batchNormMomentum)
    blocks = try (0..<config.residualBlocks).map { _ throws(TorchError) in
      try ResidualBlock(channels: config.channels, momentum: config.batchNormMomentum, generator: generator)
    }
    actionCount = config.actionCount
  }

  public func callAsFunction(_ latent: Tensor, actions: Tensor) throws(TorchError) -> Tensor {
    let s = latent.shape
    let plane = try (actions.to(.float32) / Double(actionCount)).reshape([s[0], 1, 1, 1]).expand([s[0], 1, s[2], s[3]])
    var x = try conv.normalized(Tensor.cat([latent, plane], dim: 1), by: bn)
    x = try (x + latent).relu()
    for block in blocks { x = try block(x) }
    return x
  }
}

extension ConvDynamics: InferencePreparing {
  public func prepareOwnInference() throws(TorchError) -> Int {
    try conv.fold(bn)
    return 1
  }
}

/// Vector dynamics with the same shape: [latent, one-hot action] -> Linear, BN, ReLU -> Linear, BN,
/// plus the input state, ReLU.
public final class VectorDynamics: Dynamics {
  let fc1: Linear
  let bn1: BatchNorm
  let fc2: Linear
  let bn2: BatchNorm
  let actionCount: Int

  public init(_ config: NetworkConfig, generator: Generator?) throws(TorchError) {
    fc1 = try Linear(config.channels + config.actionCount, config.vectorHiddenSize, generator: generator)
    bn1 = try BatchNorm(config.vectorHiddenSize, momentum: config.batchNormMomentum)
    fc2 = try Linear(config.vectorHiddenSize, config.channels, generator: generator)
    bn2 = try BatchNorm(config.channels, momentum: config.batchNormMomentum)
    actionCount = config.actionCount
  }

  public func callAsFunction(_ latent: Tensor, actions: Tensor) throws(TorchError) -> Tensor {
    let onehot = try actions.to(.int64).oneHot(classes: actionCount).to(.float32)
    let h = try bn1(fc1(Tensor.cat([latent, onehot], dim: 1))).relu()
    return try (bn2(fc2(h)) + latent).relu()
  }
}
