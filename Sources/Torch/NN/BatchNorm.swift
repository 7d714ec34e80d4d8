/// Batch normalisation over the channel dimension (dim 1) of [N, C] or [N, C, H, W] inputs:
/// BatchNorm1d and BatchNorm2d in one. `momentum` is PyTorch's (0.1 = 10 % of the new batch).
public final class BatchNorm: Module {
  public let weight: Tensor
  public let bias: Tensor
  public let runningMean: Tensor
  public let runningVar: Tensor
  public let numBatchesTracked: Tensor
  public let momentum: Double
  public let eps: Double
  public private(set) var isTraining = true

  public init(_ features: Int, momentum: Double = 0.1, eps: Double = 1e-5) throws(TorchError) {
    weight = try Initialization.constant([features], 1)
    bias = try Initialization.constant([features], 0)
    runningMean = try Tensor.zeros([features])
    runningVar = try Tensor.ones([features])
    numBatchesTracked = try Tensor.zeros([], dtype: .int64)
    self.momentum = momentum
    self.eps = eps
  }

  public var ownParameters: [(name: String, tensor: Tensor)] { [("weight", weight), ("bias", bias)] }
  // Named as in PyTorch so that state dicts load there too.
  public var ownBuffers: [(name: String, tensor: Tensor)] {
    [("running_mean", runningMean), ("running_var", runningVar), ("num_batches_tracked", numBatchesTracked)]
  }
  public func setOwnTraining(_ training: Bool) { isTraining = training }

  public func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor {
    if isTraining {
      try Torch.withNoGrad { () throws(TorchError) in try numBatchesTracked.addInPlace(1) }
    }
    return try Functional.batchNorm(
      x, weight: weight, bias: bias, runningMean: runningMean, runningVar: runningVar,
      training: isTraining, momentum: momentum, eps: eps)
  }
}
