/// Batch normalisation over the channel dimension (dim 1) of [N, C] or [N, C, H, W] inputs:
/// BatchNorm1d and BatchNorm2d in one. `momentum` is PyTorch's (0.1 = 10 % of the new batch).
///
/// With `sources` > 1 the layer keeps one set of running statistics per source of its inputs and
/// one shared affine transform: a training pass on source s normalises with its batch statistics
/// and updates set s; evaluation normalises source s with set s. Where one layer sees inputs of
/// different distributions in separate batches (a head applied to the representation's latents
/// and to the dynamics'), a single pooled set normalises both wrongly in evaluation, while each
/// training batch was normalised with its own statistics.
public final class BatchNorm: Module {
  public let weight: Tensor
  public let bias: Tensor
  public let runningMean: Tensor
  public let runningVar: Tensor
  public let numBatchesTracked: Tensor
  /// Running statistics of sources 1... (source 0's are `runningMean` and `runningVar`).
  public let otherRunningMeans: [Tensor]
  public let otherRunningVars: [Tensor]
  public let momentum: Double
  public let eps: Double
  public private(set) var isTraining = true

  public init(_ features: Int, momentum: Double = 0.1, eps: Double = 1e-5, sources: Int = 1) throws(TorchError) {
    guard sources >= 1 else { throw TorchError("BatchNorm needs at least one source of statistics") }
    weight = try Initialization.constant([features], 1)
    bias = try Initialization.constant([features], 0)
    runningMean = try Tensor.zeros([features])
    runningVar = try Tensor.ones([features])
    numBatchesTracked = try Tensor.zeros([], dtype: .int64)
    otherRunningMeans = try (1..<sources).map { _ throws(TorchError) in try Tensor.zeros([features]) }
    otherRunningVars = try (1..<sources).map { _ throws(TorchError) in try Tensor.ones([features]) }
    self.momentum = momentum
    self.eps = eps
  }

  /// How many sets of running statistics the layer keeps.
  public var sources: Int { otherRunningMeans.count + 1 }

  public var ownParameters: [(name: String, tensor: Tensor)] { [("weight", weight), ("bias", bias)] }
  // Named as in PyTorch so that state dicts load there too; further sources as running_mean_1, ...
  public var ownBuffers: [(name: String, tensor: Tensor)] {
    var buffers = [("running_mean", runningMean), ("running_var", runningVar), ("num_batches_tracked", numBatchesTracked)]
    for (i, (mean, variance)) in zip(otherRunningMeans, otherRunningVars).enumerated() {
      buffers += [("running_mean_\(i + 1)", mean), ("running_var_\(i + 1)", variance)]
    }
    return buffers
  }
  public func setOwnTraining(_ training: Bool) { isTraining = training }

  /// The running statistics of `source` (clamped to the sources kept: a single-source layer
  /// serves every source with its one set).
  public func statistics(of source: Int) -> (mean: Tensor, variance: Tensor) {
    let s = Swift.min(Swift.max(source, 0), sources - 1)
    return s == 0 ? (runningMean, runningVar) : (otherRunningMeans[s - 1], otherRunningVars[s - 1])
  }

  public func callAsFunction(_ x: Tensor, source: Int = 0) throws(TorchError) -> Tensor {
    if isTraining {
      try Torch.withNoGrad { () throws(TorchError) in try numBatchesTracked.addInPlace(1) }
    }
    let (mean, variance) = statistics(of: source)
    return try Functional.batchNorm(
      x, weight: weight, bias: bias, runningMean: mean, runningVar: variance,
      training: isTraining, momentum: momentum, eps: eps)
  }
}
