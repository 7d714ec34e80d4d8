import Torch

/// The prediction networks V and P (App. A.1): shared residual blocks, then per head a reducer and
/// an MLP whose last layer starts at zero.
///
/// With `prediction_norm: split` its BatchNorm layers keep running statistics apart for latents
/// from the representation (the root of a search, unroll step 0) and from the dynamics (every
/// other node and step); the paper's network pools them.
public final class Prediction: Module {
  let blocks: [ResidualBlock]
  let valueReducer: LatentReducer
  let policyReducer: LatentReducer
  let fcValue: MLP
  let fcPolicy: MLP

  public init(_ config: NetworkConfig, generator: Generator?) throws(TorchError) {
    let sources = config.predictionNorm == .split ? 2 : 1
    if case .image = config.observation {
      blocks = try (0..<config.residualBlocks).map { _ throws(TorchError) in
        try ResidualBlock(channels: config.channels, momentum: config.batchNormMomentum, generator: generator, normSources: sources)
      }
    } else {
      blocks = []
    }
    valueReducer = try LatentReducer(config, generator: generator, normSources: sources)
    policyReducer = try LatentReducer(config, generator: generator, normSources: sources)
    fcValue = try MLP(
      input: valueReducer.outputSize, hidden: config.headHiddenLayers, output: config.supportCount,
      momentum: config.batchNormMomentum, zeroLast: true, generator: generator, normSources: sources)
    fcPolicy = try MLP(
      input: policyReducer.outputSize, hidden: config.headHiddenLayers, output: config.actionCount,
      momentum: config.batchNormMomentum, zeroLast: true, generator: generator, normSources: sources)
  }

  /// P(s), V(s); `fromDynamics` says whether `latent` came from the dynamics (statistics of source 1
  /// where they are split) or from the representation.
  public func callAsFunction(_ latent: Tensor, fromDynamics: Bool = false) throws(TorchError) -> (policyLogits: Tensor, valueLogits: Tensor) {
    let source = fromDynamics ? 1 : 0
    var x = latent
    for block in blocks { x = try block(x, source: source) }
    return (try fcPolicy(policyReducer(x, source: source), source: source), try fcValue(valueReducer(x, source: source), source: source))
  }

  /// P and V of every state of an unroll (`latents[k]`: after k moves), in one pass over all of them
  /// (`head_batch_norm: unroll`: batch statistics over the whole unroll).
  public func overUnroll(_ latents: [Tensor]) throws(TorchError) -> (policyLogits: [Tensor], valueLogits: [Tensor]) {
    let (p, v) = try self(Tensor.cat(latents))
    return (try splitRows(p, parts: latents.count), try splitRows(v, parts: latents.count))
  }
}
