import CTorch

/// Stochastic gradient descent with momentum and coupled weight decay, as torch.optim.SGD:
///   d = g + weightDecay * p;  buf = d (first step) or momentum * buf + d;  p -= lr * buf
public final class SGD {
  public let parameters: [(name: String, tensor: Tensor)]
  public var learningRate: Double
  public let momentum: Double
  public let weightDecay: Double
  private var momentumBuffers: [Tensor?]

  public init(
    parameters: [(name: String, tensor: Tensor)], learningRate: Double, momentum: Double = 0,
    weightDecay: Double = 0
  ) {
    self.parameters = parameters
    self.learningRate = learningRate
    self.momentum = momentum
    self.weightDecay = weightDecay
    momentumBuffers = Array(repeating: nil, count: parameters.count)
  }

  /// Drops all gradients (set to none, so the next backward writes fresh ones).
  public func zeroGrad() throws(TorchError) {
    for p in parameters { try p.tensor.clearGrad() }
  }

  /// One update from the current gradients; parameters without a gradient are left alone.
  public func step() throws(TorchError) {
    try Torch.withNoGrad { () throws(TorchError) in
      for (i, p) in parameters.enumerated() {
        guard let g = p.tensor.grad else { continue }
        var d = g
        // The same operations as torch.optim.SGD's loop on CPU, so that updates match bit for bit.
        if weightDecay != 0 { d = try g.adding(p.tensor, scaledBy: weightDecay) }
        if momentum != 0 {
          if let buf = momentumBuffers[i] {
            try buf.mulInPlace(momentum)
            try buf.addInPlace(d)
          } else {
            momentumBuffers[i] = try d.clone()
          }
          d = momentumBuffers[i]!
        }
        try p.tensor.addInPlace(d, alpha: -learningRate)
      }
    }
  }

  /// Momentum buffers by parameter name, for checkpoints (absent before the first step).
  public func stateDict() -> [(name: String, tensor: Tensor)] {
    zip(parameters, momentumBuffers).compactMap { p, buf in buf.map { ("momentum_buffer.\(p.name)", $0) } }
  }

  public func load(stateDict state: [(name: String, tensor: Tensor)]) throws(TorchError) {
    let byName = Dictionary(state.map { ($0.name, $0.tensor) }, uniquingKeysWith: { a, _ in a })
    let known = Set(parameters.map { "momentum_buffer.\($0.name)" })
    if let unexpected = state.map(\.name).first(where: { !known.contains($0) }) {
      throw TorchError("optimiser state has unexpected tensor '\(unexpected)'")
    }
    for (i, p) in parameters.enumerated() {
      guard let buf = byName["momentum_buffer.\(p.name)"] else {
        momentumBuffers[i] = nil
        continue
      }
      guard buf.shape == p.tensor.shape else {
        throw TorchError("momentum buffer '\(p.name)' has shape \(buf.shape), parameter \(p.tensor.shape)")
      }
      momentumBuffers[i] = try buf.to(p.tensor.device).clone()
    }
  }
}

/// Scales all gradients so that their joint L2 norm is at most `maxNorm`
/// (torch.nn.utils.clip_grad_norm_); returns the norm before clipping.
@discardableResult
public func clipGradNorm(_ parameters: [Tensor], maxNorm: Double) throws(TorchError) -> Double {
  let handles: [ct_tensor?] = parameters.map { $0.handle }
  var err: ct_err? = nil
  let norm = withExtendedLifetime(parameters) { ct_clip_grad_norm(handles, Int32(handles.count), maxNorm, &err) }
  if let err { throw takeError(err, "clip_grad_norm") }
  return norm
}
