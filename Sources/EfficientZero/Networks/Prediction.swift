import Torch

/// The prediction networks V and P (App. A.1): shared residual blocks, then per head a reducer and
/// an MLP whose last layer starts at zero.
public final class Prediction: Module {
  let blocks: [ResidualBlock]
  let valueReducer: LatentReducer
  let policyReducer: LatentReducer
  let fcValue: MLP
  let fcPolicy: MLP

  public init(_ config: NetworkConfig, generator: Generator?) throws(TorchError) {
    if case .image = config.observation {
      blocks = try (0..<config.residualBlocks).map { _ throws(TorchError) in
        try ResidualBlock(channels: config.channels, momentum: config.batchNormMomentum, generator: generator)
      }
    } else {
      blocks = []
    }
    valueReducer = try LatentReducer(config, generator: generator)
    policyReducer = try LatentReducer(config, generator: generator)
    fcValue = try MLP(
      input: valueReducer.outputSize, hidden: config.headHiddenLayers, output: config.supportCount,
      momentum: config.batchNormMomentum, zeroLast: true, generator: generator)
    fcPolicy = try MLP(
      input: policyReducer.outputSize, hidden: config.headHiddenLayers, output: config.actionCount,
      momentum: config.batchNormMomentum, zeroLast: true, generator: generator)
  }

  public func callAsFunction(_ latent: Tensor) throws(TorchError) -> (policyLogits: Tensor, valueLogits: Tensor) {
    var x = latent
    for block in blocks { x = try block(x) }
    return (try fcPolicy(policyReducer(x)), try fcValue(valueReducer(x)))
  }
}
