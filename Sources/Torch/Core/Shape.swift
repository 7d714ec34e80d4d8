import CTorch

/// Reshaping, joining and indexing.
extension Tensor {
  public func reshape(_ shape: [Int]) throws(TorchError) -> Tensor {
    let d = shape.map(Int64.init)
    return try makeTensor("reshape \(self.shape) to \(shape)") { ct_reshape(handle, d, Int32(d.count), $0) }
  }
  /// Like `reshape` but never copies: fails when the layout does not allow a view.
  public func view(_ shape: [Int]) throws(TorchError) -> Tensor {
    let d = shape.map(Int64.init)
    return try makeTensor("view \(self.shape) as \(shape)") { ct_view(handle, d, Int32(d.count), $0) }
  }
  public func permute(_ dims: [Int]) throws(TorchError) -> Tensor {
    let d = dims.map(Int64.init)
    return try makeTensor("permute \(shape) by \(dims)") { ct_permute(handle, d, Int32(d.count), $0) }
  }
  public func expand(_ shape: [Int]) throws(TorchError) -> Tensor {
    let d = shape.map(Int64.init)
    return try makeTensor("expand \(self.shape) to \(shape)") { ct_expand(handle, d, Int32(d.count), $0) }
  }
  public func transpose(_ a: Int, _ b: Int) throws(TorchError) -> Tensor {
    try makeTensor("transpose \(shape) (\(a), \(b))") { ct_transpose(handle, Int64(a), Int64(b), $0) }
  }
  public func squeeze(dim: Int) throws(TorchError) -> Tensor {
    try makeTensor("squeeze \(shape) at \(dim)") { ct_squeeze(handle, Int64(dim), $0) }
  }
  public func unsqueeze(dim: Int) throws(TorchError) -> Tensor {
    try makeTensor("unsqueeze \(shape) at \(dim)") { ct_unsqueeze(handle, Int64(dim), $0) }
  }
  public func flatten(from start: Int = 0, to end: Int = -1) throws(TorchError) -> Tensor {
    try makeTensor("flatten \(shape) from \(start) to \(end)") { ct_flatten(handle, Int64(start), Int64(end), $0) }
  }

  /// Joins tensors along an existing dimension.
  public static func cat(_ tensors: [Tensor], dim: Int = 0) throws(TorchError) -> Tensor {
    try join(tensors, dim: dim, stack: false)
  }
  /// Joins tensors along a new dimension.
  public static func stack(_ tensors: [Tensor], dim: Int = 0) throws(TorchError) -> Tensor {
    try join(tensors, dim: dim, stack: true)
  }
  private static func join(_ tensors: [Tensor], dim: Int, stack: Bool) throws(TorchError) -> Tensor {
    let handles: [ct_tensor?] = tensors.map { $0.handle }
    return try withExtendedLifetime(tensors) { () throws(TorchError) -> Tensor in
      try makeTensor("\(stack ? "stack" : "cat") of shapes \(tensors.map(\.shape)) at \(dim)") {
        ct_cat(handles, Int32(handles.count), Int64(dim), stack, $0)
      }
    }
  }

  /// Elements `start..<end` (by `step`) along `dim`, as a view.
  public func slice(dim: Int, start: Int, end: Int, step: Int = 1) throws(TorchError) -> Tensor {
    try makeTensor("slice \(shape) dim \(dim) [\(start):\(end):\(step)]") {
      ct_slice(handle, Int64(dim), Int64(start), Int64(end), Int64(step), $0)
    }
  }
  public func slice(dim: Int, _ range: Range<Int>) throws(TorchError) -> Tensor {
    try slice(dim: dim, start: range.lowerBound, end: range.upperBound)
  }
  /// The sub-tensor at `index` along `dim` (that dimension removed), as a view.
  public func select(dim: Int, index: Int) throws(TorchError) -> Tensor {
    try makeTensor("select \(shape) dim \(dim) index \(index)") { ct_select(handle, Int64(dim), Int64(index), $0) }
  }
  public func indexSelect(dim: Int, index: Tensor) throws(TorchError) -> Tensor {
    try makeTensor("index_select \(shape) dim \(dim) by \(index.shape)") {
      ct_index_select(handle, Int64(dim), index.handle, $0)
    }
  }
  public func gather(dim: Int, index: Tensor) throws(TorchError) -> Tensor {
    try makeTensor("gather \(shape) dim \(dim) by \(index.shape)") { ct_gather(handle, Int64(dim), index.handle, $0) }
  }
}
