import Torch

/// Projection P1 (3 layers, BN after each, ReLU between) and predictor P2 (2 layers, BN + ReLU
/// between) of the consistency loss (Sec. 4.1, App. A.1), SimSiam style.
public final class Projection: Module {
  let proj1: Linear
  let bn1: BatchNorm
  let proj2: Linear
  let bn2: BatchNorm
  let proj3: Linear
  let bn3: BatchNorm
  let pred1: Linear
  let bnPred: BatchNorm
  let pred2: Linear

  public init(_ config: NetworkConfig, generator: Generator?) throws(TorchError) {
    let m = config.batchNormMomentum
    let hidden = config.projectionHiddenSize, out = config.projectionOutputSize
    proj1 = try Linear(config.latentSize, hidden, generator: generator)
    bn1 = try BatchNorm(hidden, momentum: m)
    proj2 = try Linear(hidden, hidden, generator: generator)
    bn2 = try BatchNorm(hidden, momentum: m)
    proj3 = try Linear(hidden, out, generator: generator)
    bn3 = try BatchNorm(out, momentum: m)
    pred1 = try Linear(out, config.predictorHiddenSize, generator: generator)
    bnPred = try BatchNorm(config.predictorHiddenSize, momentum: m)
    pred2 = try Linear(config.predictorHiddenSize, out, generator: generator)
  }

  /// P1(latent).
  public func project(_ latent: Tensor) throws(TorchError) -> Tensor {
    let x = try latent.flatten(from: 1)
    let h1 = try bn1(proj1(x)).relu()
    let h2 = try bn2(proj2(h1)).relu()
    return try bn3(proj3(h2))
  }

  /// P2(P1(latent)): the online branch.
  public func projectAndPredict(_ latent: Tensor) throws(TorchError) -> Tensor {
    try pred2(bnPred(pred1(project(latent))).relu())
  }
}
