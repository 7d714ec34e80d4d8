import CTorch

/// An n-dimensional array in libtorch, with autograd.
///
/// A `Tensor` is a handle: copies of the Swift value share storage, as in PyTorch. Every
/// operation that can fail throws a `TorchError` carrying libtorch's message.
public final class Tensor: @unchecked Sendable {
  // libtorch tensors may be read from several threads; writers must not race, as in PyTorch.
  let handle: ct_tensor

  init(owning handle: ct_tensor) { self.handle = handle }
  deinit { ct_free(handle) }

  // MARK: Creation

  /// A tensor holding `values` (row-major) with the given shape; one bulk copy. `pinned`: in
  /// page-locked memory, for an asynchronous copy to a GPU (needs a usable CUDA device).
  public convenience init<T: TensorElement>(_ values: [T], shape: [Int], pinned: Bool = false) throws(TorchError) {
    let count = shape.reduce(1, *)
    guard count == values.count, shape.allSatisfy({ $0 >= 0 }) else {
      throw TorchError("Tensor(values, shape: \(shape)) needs \(count) values, got \(values.count)")
    }
    let dims = shape.map(Int64.init)
    var err: ct_err? = nil
    let h = values.withUnsafeBytes { raw in
      ct_from_data(raw.baseAddress, dims, Int32(dims.count), T.dtype.rawValue, pinned, &err)
    }
    guard let h else { throw takeError(err, "Tensor(values, shape: \(shape))") }
    self.init(owning: h)
  }

  /// A one-dimensional tensor of `values`.
  public convenience init<T: TensorElement>(_ values: [T]) throws(TorchError) {
    try self.init(values, shape: [values.count])
  }

  /// A tensor that reads `buffer` once (bulk copy) into new storage.
  public convenience init<T: TensorElement>(
    copying buffer: UnsafeBufferPointer<T>, shape: [Int], pinned: Bool = false
  ) throws(TorchError) {
    let count = shape.reduce(1, *)
    guard count == buffer.count else {
      throw TorchError("Tensor(copying:shape: \(shape)) needs \(count) values, got \(buffer.count)")
    }
    let dims = shape.map(Int64.init)
    let h = try makeHandle("Tensor(copying:shape: \(shape))") { err in
      ct_from_data(buffer.baseAddress, dims, Int32(dims.count), T.dtype.rawValue, pinned, err)
    }
    self.init(owning: h)
  }

  public static func full(
    _ value: Double, shape: [Int], dtype: DType = .float32, device: Device = .cpu
  ) throws(TorchError) -> Tensor {
    let dims = shape.map(Int64.init)
    return try makeTensor("full(shape: \(shape), dtype: \(dtype), device: \(device))") {
      ct_full(dims, Int32(dims.count), value, dtype.rawValue, device.type, device.index, $0)
    }
  }
  public static func zeros(_ shape: [Int], dtype: DType = .float32, device: Device = .cpu) throws(TorchError) -> Tensor {
    try full(0, shape: shape, dtype: dtype, device: device)
  }
  public static func ones(_ shape: [Int], dtype: DType = .float32, device: Device = .cpu) throws(TorchError) -> Tensor {
    try full(1, shape: shape, dtype: dtype, device: device)
  }
  public static func scalar(_ value: Float) throws(TorchError) -> Tensor { try Tensor([value], shape: []) }

  /// Values from `start` up to (not including) `end`.
  public static func arange(_ start: Double, _ end: Double, step: Double = 1, dtype: DType = .float32) throws(TorchError) -> Tensor {
    try makeTensor("arange(\(start), \(end), step: \(step))") { ct_arange(start, end, step, dtype.rawValue, $0) }
  }

  /// Standard normal samples.
  public static func randn(_ shape: [Int], generator: Generator? = nil) throws(TorchError) -> Tensor {
    try random(kind: 0, shape, low: 0, high: 0, dtype: .float32, generator)
  }
  /// Uniform samples in [0, 1).
  public static func rand(_ shape: [Int], generator: Generator? = nil) throws(TorchError) -> Tensor {
    try random(kind: 1, shape, low: 0, high: 0, dtype: .float32, generator)
  }
  /// Uniform integers in [low, high).
  public static func randint(
    _ low: Int, _ high: Int, _ shape: [Int], dtype: DType = .int64, generator: Generator? = nil
  ) throws(TorchError) -> Tensor {
    try random(kind: 2, shape, low: low, high: high, dtype: dtype, generator)
  }
  private static func random(
    kind: Int32, _ shape: [Int], low: Int, high: Int, dtype: DType, _ generator: Generator?
  ) throws(TorchError) -> Tensor {
    let dims = shape.map(Int64.init)
    return try makeTensor("random tensor of shape \(shape)") {
      ct_random(kind, dims, Int32(dims.count), Int64(low), Int64(high), dtype.rawValue, generator?.handle, $0)
    }
  }

  // MARK: Inspection

  public var rank: Int { Int(ct_ndim(handle)) }
  public var shape: [Int] { (0..<rank).map { Int(ct_size(handle, Int32($0))) } }
  public func size(_ dim: Int) -> Int { Int(ct_size(handle, Int32(dim < 0 ? dim + rank : dim))) }
  public var count: Int { Int(ct_numel(handle)) }
  public var dtype: DType {
    // Tensors made through this API only carry the four supported types.
    DType(rawValue: ct_dtype(handle)) ?? .float32
  }
  public var device: Device {
    ct_device_type(handle) == 0 ? .cpu : .cuda(Int(Swift.max(0, ct_device_index(handle))))
  }

  // MARK: Export

  /// The elements in row-major order; one bulk copy (from any device, any layout).
  public func toArray<T: TensorElement>(_ type: T.Type = T.self) throws(TorchError) -> [T] {
    guard T.dtype == dtype else { throw TorchError("toArray: tensor holds \(dtype), asked for \(T.dtype)") }
    let n = count
    var failure: TorchError? = nil
    let result = [T](unsafeUninitializedCapacity: n) { buffer, initialized in
      var err: ct_err? = nil
      if ct_copy_to(handle, buffer.baseAddress, n * MemoryLayout<T>.stride, &err) != 0 {
        failure = takeError(err, "toArray")
        initialized = 0
      } else {
        initialized = n
      }
    }
    if let failure { throw failure }
    return result
  }

  /// Copies the elements into `buffer`, which must hold exactly `count` elements.
  public func copy<T: TensorElement>(into buffer: UnsafeMutableBufferPointer<T>) throws(TorchError) {
    guard T.dtype == dtype else { throw TorchError("copy(into:): tensor holds \(dtype), buffer \(T.dtype)") }
    try checkStatus("copy(into:)") {
      ct_copy_to(handle, buffer.baseAddress, buffer.count * MemoryLayout<T>.stride, $0)
    }
  }

  /// The single value of a one-element tensor.
  public func item() throws(TorchError) -> Double {
    var err: ct_err? = nil
    let v = ct_item(handle, &err)
    if let err { throw takeError(err, "item() of a tensor of shape \(shape)") }
    return v
  }

  public func clone() throws(TorchError) -> Tensor { try makeTensor("clone") { ct_clone(handle, $0) } }
  public func contiguous() throws(TorchError) -> Tensor { try makeTensor("contiguous") { ct_contiguous(handle, $0) } }

  public func to(_ dtype: DType) throws(TorchError) -> Tensor { try to(dtype, device) }
  public func to(_ device: Device) throws(TorchError) -> Tensor { try to(dtype, device) }
  public func to(_ dtype: DType, _ device: Device) throws(TorchError) -> Tensor {
    try makeTensor("to(\(dtype), \(device))") { ct_to(handle, dtype.rawValue, device.type, device.index, false, $0) }
  }

  /// Copied to `device`; asynchronously (the host goes on while the GPU copies) where this tensor is
  /// pinned host memory and `device` a GPU. Later work on the GPU is ordered after the copy.
  public func to(_ device: Device, nonBlocking: Bool) throws(TorchError) -> Tensor {
    try makeTensor("to(\(device), non-blocking)") { ct_to(handle, dtype.rawValue, device.type, device.index, nonBlocking, $0) }
  }

  /// Whether this tensor lives in page-locked host memory.
  public var isPinned: Bool { ct_is_pinned(handle) }

  /// This tensor in float32 where it is float16 or bfloat16 (itself otherwise): what mixed-precision
  /// passes hand to losses and to the search.
  public func inFullPrecision() throws(TorchError) -> Tensor {
    dtype == .float16 || dtype == .bfloat16 ? try to(.float32) : self
  }

  /// Converted to `dtype` and laid out channels-last (a rank-4 tensor) or contiguous, in one pass.
  public func to(_ dtype: DType, channelsLast: Bool) throws(TorchError) -> Tensor {
    try makeTensor("to(\(dtype), channels-last \(channelsLast)) of \(shape)") { ct_to_layout(handle, dtype.rawValue, channelsLast, $0) }
  }

  /// Same shape and the same values, bit for bit.
  public func isIdentical(to other: Tensor) throws(TorchError) -> Bool {
    guard dtype == other.dtype, shape == other.shape else { return false }
    var err: ct_err? = nil
    let same = ct_equal(handle, other.handle, &err)
    if let err { throw takeError(err, "equal") }
    return same
  }
}

extension Tensor: CustomStringConvertible {
  public var description: String { "Tensor(\(dtype), shape: \(shape), device: \(device))" }
}
