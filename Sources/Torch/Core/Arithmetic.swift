import CTorch

/// Binary element-wise operations with broadcasting. Errors name both shapes.
extension Tensor {
  static func binary(_ op: Int32, _ name: String, _ a: Tensor, _ b: Tensor) throws(TorchError) -> Tensor {
    try makeTensor("\(name): shapes \(a.shape) and \(b.shape)") { ct_binary(op, a.handle, b.handle, $0) }
  }
  static func binary(_ op: Int32, _ name: String, _ a: Tensor, _ b: Double) throws(TorchError) -> Tensor {
    try makeTensor("\(name): tensor of shape \(a.shape) and scalar \(b)") { ct_binary_scalar(op, a.handle, b, $0) }
  }

  public static func + (a: Tensor, b: Tensor) throws(TorchError) -> Tensor { try binary(Int32(CT_ADD), "add", a, b) }
  public static func - (a: Tensor, b: Tensor) throws(TorchError) -> Tensor { try binary(Int32(CT_SUB), "sub", a, b) }
  public static func * (a: Tensor, b: Tensor) throws(TorchError) -> Tensor { try binary(Int32(CT_MUL), "mul", a, b) }
  public static func / (a: Tensor, b: Tensor) throws(TorchError) -> Tensor { try binary(Int32(CT_DIV), "div", a, b) }
  public static func + (a: Tensor, b: Double) throws(TorchError) -> Tensor { try binary(Int32(CT_ADD), "add", a, b) }
  public static func - (a: Tensor, b: Double) throws(TorchError) -> Tensor { try binary(Int32(CT_SUB), "sub", a, b) }
  public static func * (a: Tensor, b: Double) throws(TorchError) -> Tensor { try binary(Int32(CT_MUL), "mul", a, b) }
  public static func / (a: Tensor, b: Double) throws(TorchError) -> Tensor { try binary(Int32(CT_DIV), "div", a, b) }
  public static func + (a: Double, b: Tensor) throws(TorchError) -> Tensor { try binary(Int32(CT_ADD), "add", b, a) }
  public static func * (a: Double, b: Tensor) throws(TorchError) -> Tensor { try binary(Int32(CT_MUL), "mul", b, a) }
  public static func - (a: Double, b: Tensor) throws(TorchError) -> Tensor { try (-b) + a }
  public static prefix func - (a: Tensor) throws(TorchError) -> Tensor { try a.unary(Int32(CT_NEG), "neg") }

  /// self + alpha * other in one operation (torch.add(self, other, alpha=alpha)).
  public func adding(_ other: Tensor, scaledBy alpha: Double) throws(TorchError) -> Tensor {
    try makeTensor("add: shapes \(shape) and \(other.shape)") { ct_add_scaled(handle, other.handle, alpha, $0) }
  }

  public func pow(_ exponent: Double) throws(TorchError) -> Tensor { try Tensor.binary(Int32(CT_POW), "pow", self, exponent) }
  public func pow(_ exponent: Tensor) throws(TorchError) -> Tensor { try Tensor.binary(Int32(CT_POW), "pow", self, exponent) }
  public func remainder(_ divisor: Double) throws(TorchError) -> Tensor {
    try Tensor.binary(Int32(CT_REMAINDER), "remainder", self, divisor)
  }
  public static func maximum(_ a: Tensor, _ b: Tensor) throws(TorchError) -> Tensor { try binary(Int32(CT_MAXIMUM), "maximum", a, b) }
  public static func minimum(_ a: Tensor, _ b: Tensor) throws(TorchError) -> Tensor { try binary(Int32(CT_MINIMUM), "minimum", a, b) }

  /// Matrix product with PyTorch's broadcasting rules.
  public func matmul(_ other: Tensor) throws(TorchError) -> Tensor { try Tensor.binary(Int32(CT_MATMUL), "matmul", self, other) }

  // Comparisons give bool tensors.
  public func eq(_ o: Tensor) throws(TorchError) -> Tensor { try Tensor.binary(Int32(CT_EQ), "eq", self, o) }
  public func ne(_ o: Tensor) throws(TorchError) -> Tensor { try Tensor.binary(Int32(CT_NE), "ne", self, o) }
  public func lt(_ o: Tensor) throws(TorchError) -> Tensor { try Tensor.binary(Int32(CT_LT), "lt", self, o) }
  public func le(_ o: Tensor) throws(TorchError) -> Tensor { try Tensor.binary(Int32(CT_LE), "le", self, o) }
  public func gt(_ o: Tensor) throws(TorchError) -> Tensor { try Tensor.binary(Int32(CT_GT), "gt", self, o) }
  public func ge(_ o: Tensor) throws(TorchError) -> Tensor { try Tensor.binary(Int32(CT_GE), "ge", self, o) }
  public func eq(_ v: Double) throws(TorchError) -> Tensor { try Tensor.binary(Int32(CT_EQ), "eq", self, v) }
  public func ne(_ v: Double) throws(TorchError) -> Tensor { try Tensor.binary(Int32(CT_NE), "ne", self, v) }
  public func lt(_ v: Double) throws(TorchError) -> Tensor { try Tensor.binary(Int32(CT_LT), "lt", self, v) }
  public func le(_ v: Double) throws(TorchError) -> Tensor { try Tensor.binary(Int32(CT_LE), "le", self, v) }
  public func gt(_ v: Double) throws(TorchError) -> Tensor { try Tensor.binary(Int32(CT_GT), "gt", self, v) }
  public func ge(_ v: Double) throws(TorchError) -> Tensor { try Tensor.binary(Int32(CT_GE), "ge", self, v) }
  public func logicalAnd(_ o: Tensor) throws(TorchError) -> Tensor { try Tensor.binary(Int32(CT_LOGICAL_AND), "logical_and", self, o) }
  public func logicalOr(_ o: Tensor) throws(TorchError) -> Tensor { try Tensor.binary(Int32(CT_LOGICAL_OR), "logical_or", self, o) }

  /// Element-wise choice: `condition ? a : b`.
  public static func `where`(_ condition: Tensor, _ a: Tensor, _ b: Tensor) throws(TorchError) -> Tensor {
    try makeTensor("where: shapes \(condition.shape), \(a.shape), \(b.shape)") {
      ct_where(condition.handle, a.handle, b.handle, $0)
    }
  }

  // MARK: In place (for optimisers and buffers; not recorded by autograd when under no-grad)

  /// self += alpha * other
  public func addInPlace(_ other: Tensor, alpha: Double = 1) throws(TorchError) {
    try checkStatus("add_: shapes \(shape) and \(other.shape)") { ct_binary_(Int32(CT_ADD), handle, other.handle, alpha, $0) }
  }
  public func mulInPlace(_ other: Tensor) throws(TorchError) {
    try checkStatus("mul_: shapes \(shape) and \(other.shape)") { ct_binary_(Int32(CT_MUL), handle, other.handle, 1, $0) }
  }
  public func mulInPlace(_ value: Double) throws(TorchError) {
    try checkStatus("mul_") { ct_binary_scalar_(Int32(CT_MUL), handle, value, $0) }
  }
  public func divInPlace(_ value: Double) throws(TorchError) {
    try checkStatus("div_") { ct_binary_scalar_(Int32(CT_DIV), handle, value, $0) }
  }
  public func addInPlace(_ value: Double) throws(TorchError) {
    try checkStatus("add_") { ct_binary_scalar_(Int32(CT_ADD), handle, value, $0) }
  }
  /// Makes this tensor use `source`'s data (its shape, dtype and device), staying the same tensor
  /// for everything that holds it (a module's parameter moving to another device).
  public func setData(_ source: Tensor) throws(TorchError) {
    try checkStatus("set_data") { ct_set_data(handle, source.handle, $0) }
  }

  /// The same values laid out channels-last (NHWC in memory) for a rank-4 tensor: the layout
  /// oneDNN's CPU convolutions run fastest on. Operations keep it, and values do not change.
  public func channelsLast() throws(TorchError) -> Tensor {
    try makeTensor("contiguous(channels_last): shape \(shape)") { ct_channels_last(handle, $0) }
  }

  /// Whether this rank-4 tensor is laid out channels-last (and not also plainly contiguous).
  public var isChannelsLast: Bool { ct_is_channels_last(handle) }

  /// A key that changes whenever one of `tensors` is written in place or given new storage, so that
  /// a value derived from them can tell whether it is still current.
  public static func stateKey(_ tensors: [Tensor]) -> UInt64 {
    withExtendedLifetime(tensors) {
      let handles: [ct_tensor?] = tensors.map(\.handle)
      return handles.withUnsafeBufferPointer { ct_tensors_state_key($0.baseAddress, Int32($0.count)) }
    }
  }

  /// Copies `source` (broadcast, converted) into this tensor's storage.
  public func copyInPlace(from source: Tensor) throws(TorchError) {
    try checkStatus("copy_: shapes \(shape) and \(source.shape)") { ct_copy_(handle, source.handle, $0) }
  }
  public func fillInPlace(_ value: Double) throws(TorchError) {
    try checkStatus("fill_") { ct_fill_(handle, value, $0) }
  }
  /// self[index] = source along `dim`.
  public func indexCopyInPlace(dim: Int, index: Tensor, source: Tensor) throws(TorchError) {
    try checkStatus("index_copy_: shape \(shape), index \(index.shape), source \(source.shape)") {
      ct_index_copy_(handle, Int64(dim), index.handle, source.handle, $0)
    }
  }
}
