import Torch

/// The representation network H: stacked observation -> latent state.
public protocol Representation: Module {
  func callAsFunction(_ observation: Tensor) throws(TorchError) -> Tensor
}

extension RepresentationNetwork: Representation {}

/// Vector observations: Linear, BN, ReLU -> Linear, BN, ReLU.
public final class VectorRepresentation: Representation {
  let fc1: Linear
  let bn1: BatchNorm
  let fc2: Linear
  let bn2: BatchNorm

  public init(_ config: NetworkConfig, generator: Generator?) throws(TorchError) {
    fc1 = try Linear(config.inputChannels, config.vectorHiddenSize, generator: generator)
    bn1 = try BatchNorm(config.vectorHiddenSize, momentum: config.batchNormMomentum)
    fc2 = try Linear(config.vectorHiddenSize, config.channels, generator: generator)
    bn2 = try BatchNorm(config.channels, momentum: config.batchNormMomentum)
  }

  public func callAsFunction(_ observation: Tensor) throws(TorchError) -> Tensor {
    let h = try bn1(fc1(observation)).relu()
    return try bn2(fc2(h)).relu()
  }
}
