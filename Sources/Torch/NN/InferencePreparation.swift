/// An evaluation-mode BatchNorm folded into the convolution before it: with a = γ / √(σ² + ε) per
/// output channel, BN(conv(x; W, b)) = conv(x; W·a, (b − μ)·a + β). One pass over the activations
/// instead of two; equal up to float rounding. `key` records the tensors it was made from.
struct BatchNormFold {
  let weight: Tensor
  let bias: Tensor
  let key: UInt64
}

extension Conv2d {
  /// Folds `bn`'s current statistics and affine weights into this convolution for inference.
  /// `normalized(_:by:)` uses the fold only while it is current; a later change of either module's
  /// tensors (a load, an optimiser step, a move) makes it fall back to the two passes.
  public func fold(_ bn: BatchNorm) throws(TorchError) {
    batchNormFold = try Torch.withNoGrad { () throws(TorchError) -> BatchNormFold in
      let a = try bn.weight / (bn.runningVar + bn.eps).sqrt()
      let shift: Tensor
      if let bias { shift = try bias - bn.runningMean } else { shift = try -bn.runningMean }
      var folded = try weight * a.reshape([-1, 1, 1, 1])
      if weight.isChannelsLast { folded = try folded.channelsLast() }
      return BatchNormFold(weight: folded, bias: try shift * a + bn.bias, key: foldKey(bn))
    }
  }

  /// `bn(self(x))`: one convolution with the folded weights when `bn` is in evaluation mode, no
  /// gradient is recorded and the fold is current; the two passes otherwise.
  public func normalized(_ x: Tensor, by bn: BatchNorm, source: Int = 0) throws(TorchError) -> Tensor {
    // The fold holds source 0's statistics.
    if source == 0 || bn.sources == 1, !bn.isTraining, !Torch.isGradEnabled, let fold = batchNormFold, fold.key == foldKey(bn) {
      return try Functional.conv2d(x, weight: fold.weight, bias: fold.bias, stride: stride, padding: padding)
    }
    return try bn(self(x), source: source)
  }

  /// Whether `normalized(_:by:)` would use a fold of `bn` now (in evaluation, without gradients).
  public func hasCurrentFold(of bn: BatchNorm) -> Bool {
    batchNormFold.map { $0.key == foldKey(bn) } ?? false
  }

  private func foldKey(_ bn: BatchNorm) -> UInt64 {
    // BatchNorm's training passes write the running statistics without counting a version;
    // the batch counter they also advance does count.
    Tensor.stateKey(
      [weight] + (bias.map { [$0] } ?? []) + [bn.weight, bn.bias, bn.runningMean, bn.runningVar, bn.numBatchesTracked])
  }
}

/// A module whose inference without gradients can run faster on weights or kernels prepared for
/// it, with outputs equal up to float rounding: convolution + BatchNorm pairs folded into one
/// convolution, matrix products on oneDNN's kernel. Training passes are unaffected.
public protocol InferencePreparing: Module {
  /// Prepares this module's own layers (not its children's); returns how many it prepared.
  func prepareOwnInference() throws(TorchError) -> Int
}
