/// 2-D convolution with square kernels, initialised as PyTorch's nn.Conv2d.
public final class Conv2d: Module {
  public let weight: Tensor
  public let bias: Tensor?
  public let stride: Int
  public let padding: Int
  /// A following BatchNorm folded into this convolution (`fold(_:)`), used while current.
  var batchNormFold: BatchNormFold?

  public init(
    _ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
    bias: Bool = true, generator: Generator? = nil
  ) throws(TorchError) {
    let fanIn = inChannels * kernelSize * kernelSize
    let bound = 1 / Double(fanIn).squareRoot()
    weight = try Initialization.uniform(
      [outChannels, inChannels, kernelSize, kernelSize], bound: bound, generator: generator)
    self.bias = bias ? try Initialization.uniform([outChannels], bound: bound, generator: generator) : nil
    self.stride = stride
    self.padding = padding
  }

  public var ownParameters: [(name: String, tensor: Tensor)] {
    [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
  }

  public func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor {
    try Functional.conv2d(x, weight: weight, bias: bias, stride: stride, padding: padding)
  }
}

extension Module {
  /// Sets every parameter of this module and its children to zero (EfficientZero's
  /// zero-initialised last layers of the prediction heads).
  public func zeroInitialize() throws(TorchError) {
    try Torch.withNoGrad { () throws(TorchError) in
      for p in parameters() { try p.fillInPlace(0) }
    }
  }
}
