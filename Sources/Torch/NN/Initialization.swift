/// PyTorch's default initialisations, so that networks start from the same distributions.
enum Initialization {
  /// A trainable tensor drawn from U(-bound, bound).
  static func uniform(_ shape: [Int], bound: Double, generator: Generator?) throws(TorchError) -> Tensor {
    let u = try Tensor.rand(shape, generator: generator)
    return try (u * (2 * bound) - bound).requiresGrad(true)
  }

  /// A trainable tensor filled with `value`.
  static func constant(_ shape: [Int], _ value: Double) throws(TorchError) -> Tensor {
    try Tensor.full(value, shape: shape).requiresGrad(true)
  }
}
