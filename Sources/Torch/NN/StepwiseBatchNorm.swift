/// Batch normalisation inside a recurrent unroll, with running statistics kept apart for each step
/// since the recurrent state was last reset and one shared affine transform (the population statistics
/// per time step of Cooijmans et al., 2017, "Recurrent Batch Normalization").
///
/// Why: in training every unroll step is normalised with its own batch statistics, while one pooled
/// set of running statistics serves all steps in evaluation. Where the first step's inputs (from a
/// zero state) differ from the later steps', evaluation normalises the first step wrongly.
public final class StepwiseBatchNorm: Module {
  public let weight: Tensor
  public let bias: Tensor
  /// [steps, features]: row s holds the statistics of step s after a reset.
  public let runningMean: Tensor
  public let runningVar: Tensor
  public let numBatchesTracked: Tensor
  public let steps: Int
  public let momentum: Double
  public let eps: Double
  public private(set) var isTraining = true

  public init(_ features: Int, steps: Int, momentum: Double = 0.1, eps: Double = 1e-5) throws(TorchError) {
    guard steps >= 1 else { throw TorchError("StepwiseBatchNorm needs at least one step") }
    weight = try Initialization.constant([features], 1)
    bias = try Initialization.constant([features], 0)
    runningMean = try Tensor.zeros([steps, features])
    runningVar = try Tensor.ones([steps, features])
    numBatchesTracked = try Tensor.zeros([], dtype: .int64)
    self.steps = steps
    self.momentum = momentum
    self.eps = eps
  }

  public var ownParameters: [(name: String, tensor: Tensor)] { [("weight", weight), ("bias", bias)] }
  public var ownBuffers: [(name: String, tensor: Tensor)] {
    [("running_mean", runningMean), ("running_var", runningVar), ("num_batches_tracked", numBatchesTracked)]
  }
  public func setOwnTraining(_ training: Bool) { isTraining = training }

  /// Normalises [N, features] where row i is at step `stepOfRow[i]` since its reset (steps past the
  /// last kept one use the last). Training takes batch statistics and needs every row at one step.
  public func callAsFunction(_ x: Tensor, stepOfRow: [Int]) throws(TorchError) -> Tensor {
    guard stepOfRow.count == x.size(0) else {
      throw TorchError("StepwiseBatchNorm: \(stepOfRow.count) steps for \(x.size(0)) rows")
    }
    let rows = stepOfRow.map { Swift.min(Swift.max($0, 0), steps - 1) }
    if isTraining {
      guard let step = rows.first, rows.allSatisfy({ $0 == step }) else {
        throw TorchError("StepwiseBatchNorm trains on batches whose rows are all at one step")
      }
      try Torch.withNoGrad { () throws(TorchError) in try numBatchesTracked.addInPlace(1) }
      return try Functional.batchNorm(
        x, weight: weight, bias: bias, runningMean: runningMean.select(dim: 0, index: step),
        runningVar: runningVar.select(dim: 0, index: step), training: true, momentum: momentum, eps: eps)
    }
    let index = try Tensor(rows.map(Int64.init)).to(runningMean.device)
    let mean = try runningMean.indexSelect(dim: 0, index: index)
    let scale = try weight / (runningVar.indexSelect(dim: 0, index: index) + eps).sqrt()
    return try (x - mean) * scale + bias
  }
}
