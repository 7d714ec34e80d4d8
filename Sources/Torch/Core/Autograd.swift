import CTorch

/// Gradients.
extension Tensor {
  public var requiresGrad: Bool { ct_requires_grad(handle) }

  /// Marks a leaf tensor as one whose gradient is wanted; returns self for chaining.
  @discardableResult
  public func requiresGrad(_ on: Bool) throws(TorchError) -> Tensor {
    try checkStatus("requires_grad_(\(on))") { ct_set_requires_grad(handle, on, $0) }
    return self
  }

  /// The accumulated gradient, or nil when backward has not reached this tensor.
  public var grad: Tensor? {
    var err: ct_err? = nil
    guard let h = ct_grad(handle, &err) else {
      if let err { ct_free_string(err) }
      return nil
    }
    return Tensor(owning: h)
  }

  /// Drops the accumulated gradient (PyTorch's `zero_grad(set_to_none=True)`).
  public func clearGrad() throws(TorchError) {
    try checkStatus("zero_grad") { ct_zero_grad(handle, $0) }
  }

  /// Back-propagates from this scalar (or with an explicit upstream gradient).
  public func backward(gradient: Tensor? = nil, retainGraph: Bool = false) throws(TorchError) {
    try checkStatus("backward of shape \(shape)") { ct_backward(handle, gradient?.handle, retainGraph, $0) }
  }

  /// The same values cut from the autograd graph.
  public func detached() throws(TorchError) -> Tensor { try makeTensor("detach") { ct_detach(handle, $0) } }

  /// The same values, with the gradient flowing back through it multiplied by `scale`
  /// (MuZero's scale_gradient: forward identity, backward x scale).
  public func scalingGradient(by scale: Double) throws(TorchError) -> Tensor {
    // x * s + detach(x) * (1 - s): identity forward, gradient scaled backward.
    try self * scale + detached() * (1 - scale)
  }
}
