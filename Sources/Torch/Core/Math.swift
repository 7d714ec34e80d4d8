import CTorch

/// Element-wise functions, reductions and softmax.
extension Tensor {
  func unary(_ op: Int32, _ name: String) throws(TorchError) -> Tensor {
    try makeTensor("\(name) of shape \(shape)") { ct_unary(op, handle, $0) }
  }

  public func exp() throws(TorchError) -> Tensor { try unary(Int32(CT_EXP), "exp") }
  public func log() throws(TorchError) -> Tensor { try unary(Int32(CT_LOG), "log") }
  public func log1p() throws(TorchError) -> Tensor { try unary(Int32(CT_LOG1P), "log1p") }
  public func sqrt() throws(TorchError) -> Tensor { try unary(Int32(CT_SQRT), "sqrt") }
  public func square() throws(TorchError) -> Tensor { try unary(Int32(CT_SQUARE), "square") }
  public func abs() throws(TorchError) -> Tensor { try unary(Int32(CT_ABS), "abs") }
  public func sign() throws(TorchError) -> Tensor { try unary(Int32(CT_SIGN), "sign") }
  public func relu() throws(TorchError) -> Tensor { try unary(Int32(CT_RELU), "relu") }
  public func sigmoid() throws(TorchError) -> Tensor { try unary(Int32(CT_SIGMOID), "sigmoid") }
  public func tanh() throws(TorchError) -> Tensor { try unary(Int32(CT_TANH), "tanh") }
  public func floor() throws(TorchError) -> Tensor { try unary(Int32(CT_FLOOR), "floor") }
  public func ceil() throws(TorchError) -> Tensor { try unary(Int32(CT_CEIL), "ceil") }
  public func round() throws(TorchError) -> Tensor { try unary(Int32(CT_ROUND), "round") }
  public func logicalNot() throws(TorchError) -> Tensor { try unary(Int32(CT_LOGICAL_NOT), "logical_not") }

  public func clamp(min lo: Double? = nil, max hi: Double? = nil) throws(TorchError) -> Tensor {
    try makeTensor("clamp of shape \(shape)") { ct_clamp(handle, lo ?? 0, hi ?? 0, lo != nil, hi != nil, $0) }
  }

  // MARK: Reductions (no dims = over all elements)

  func reduce(_ op: Int32, _ name: String, _ dims: [Int], _ keepDim: Bool) throws(TorchError) -> Tensor {
    let d = dims.map(Int64.init)
    return try makeTensor("\(name) over \(dims) of shape \(shape)") {
      ct_reduce(op, handle, d, Int32(d.count), keepDim, $0)
    }
  }
  public func sum(dims: [Int] = [], keepDim: Bool = false) throws(TorchError) -> Tensor { try reduce(Int32(CT_SUM), "sum", dims, keepDim) }
  public func sum(dim: Int, keepDim: Bool = false) throws(TorchError) -> Tensor { try sum(dims: [dim], keepDim: keepDim) }
  public func mean(dims: [Int] = [], keepDim: Bool = false) throws(TorchError) -> Tensor { try reduce(Int32(CT_MEAN), "mean", dims, keepDim) }
  public func mean(dim: Int, keepDim: Bool = false) throws(TorchError) -> Tensor { try mean(dims: [dim], keepDim: keepDim) }
  public func max(dims: [Int] = [], keepDim: Bool = false) throws(TorchError) -> Tensor { try reduce(Int32(CT_AMAX), "max", dims, keepDim) }
  public func min(dims: [Int] = [], keepDim: Bool = false) throws(TorchError) -> Tensor { try reduce(Int32(CT_AMIN), "min", dims, keepDim) }
  public func prod(dims: [Int] = [], keepDim: Bool = false) throws(TorchError) -> Tensor { try reduce(Int32(CT_PROD), "prod", dims, keepDim) }
  /// Euclidean (L2) norm.
  public func norm(dims: [Int] = [], keepDim: Bool = false) throws(TorchError) -> Tensor { try reduce(Int32(CT_NORM), "norm", dims, keepDim) }

  public func argmax(dim: Int, keepDim: Bool = false) throws(TorchError) -> Tensor {
    try makeTensor("argmax over \(dim) of shape \(shape)") { ct_argmax(handle, Int64(dim), keepDim, $0) }
  }

  public func softmax(dim: Int) throws(TorchError) -> Tensor {
    try makeTensor("softmax over \(dim) of shape \(shape)") { ct_softmax(handle, Int64(dim), false, $0) }
  }
  public func logSoftmax(dim: Int) throws(TorchError) -> Tensor {
    try makeTensor("log_softmax over \(dim) of shape \(shape)") { ct_softmax(handle, Int64(dim), true, $0) }
  }

  /// One-hot encoding of an int64 index tensor (a new last dimension of `classes`).
  public func oneHot(classes: Int) throws(TorchError) -> Tensor {
    try makeTensor("one_hot(\(classes)) of shape \(shape)") { ct_one_hot(handle, Int64(classes), $0) }
  }
}
