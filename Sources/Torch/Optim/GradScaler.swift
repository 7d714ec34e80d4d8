import CTorch

/// Gradient scaling for mixed precision, as torch.amp.GradScaler: the loss is multiplied by
/// `scale` before backward so that small float16 gradients do not vanish; `unscale` divides the
/// gradients back and reports whether any is not finite (the step is then skipped); `update`
/// halves the scale after such a step and doubles it after `growthInterval` clean ones.
public final class GradScaler {
  /// [1] float32, on the gradients' device.
  public let scale: Tensor
  /// [1] int32: clean steps since the scale last changed.
  public let growthTracker: Tensor
  public let growthFactor: Double
  public let backoffFactor: Double
  public let growthInterval: Int
  private var foundInf: Tensor?

  public init(
    device: Device, initialScale: Double = 65536, growthFactor: Double = 2, backoffFactor: Double = 0.5,
    growthInterval: Int = 2000
  ) throws(TorchError) {
    scale = try Tensor.full(initialScale, shape: [1], device: device)
    growthTracker = try Tensor.zeros([1], dtype: .int32, device: device)
    self.growthFactor = growthFactor
    self.backoffFactor = backoffFactor
    self.growthInterval = growthInterval
  }

  /// `loss` times the current scale.
  public func scaled(_ loss: Tensor) throws(TorchError) -> Tensor { try loss * scale }

  /// Divides every gradient by the scale in place; returns whether all of them are finite.
  public func unscale(_ gradients: [Tensor]) throws(TorchError) -> Bool {
    let found = try Tensor.zeros([1], device: scale.device)
    // The scale is a power of two (initial, growth and backoff factors are), so 1 / scale is exact.
    let inverse = try Torch.withNoGrad { () throws(TorchError) in try Tensor.ones([1], device: scale.device) / scale }
    try withExtendedLifetime(gradients) { () throws(TorchError) in
      let handles: [ct_tensor?] = gradients.map(\.handle)
      try checkStatus("unscaling \(gradients.count) gradients") {
        err in handles.withUnsafeBufferPointer { ct_amp_unscale($0.baseAddress, Int32($0.count), found.handle, inverse.handle, err) }
      }
    }
    foundInf = found
    return try found.item() == 0
  }

  /// Backs off or grows the scale after a step whose gradients `unscale` checked.
  public func update() throws(TorchError) {
    guard let found = foundInf else { throw TorchError("GradScaler.update() before unscale()") }
    try checkStatus("updating the gradient scale") {
      ct_amp_update_scale(scale.handle, growthTracker.handle, found.handle, growthFactor, backoffFactor, Int64(growthInterval), $0)
    }
    foundInf = nil
  }

  /// The scale and its tracker, for checkpoints.
  public func stateDict() -> [(name: String, tensor: Tensor)] { [("scale", scale), ("growth_tracker", growthTracker)] }

  public func load(stateDict state: [(name: String, tensor: Tensor)]) throws(TorchError) {
    for (name, mine) in stateDict() {
      guard let given = state.first(where: { $0.name == name })?.tensor else {
        throw TorchError("gradient scaler state is missing '\(name)'")
      }
      guard given.shape == mine.shape else { throw TorchError("gradient scaler '\(name)' has shape \(given.shape), expected \(mine.shape)") }
      try Torch.withNoGrad { () throws(TorchError) in try mine.copyInPlace(from: given) }
    }
  }
}
