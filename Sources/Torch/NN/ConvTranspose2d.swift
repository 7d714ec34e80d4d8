/// 2-D transposed convolution with square kernels, initialised as PyTorch's nn.ConvTranspose2d
/// (weight [in, out, k, k]); the output side is (in - 1) * stride - 2 * padding + k + outputPadding.
public final class ConvTranspose2d: Module {
  public let weight: Tensor
  public let bias: Tensor?
  public let stride: Int
  public let padding: Int
  public let outputPadding: Int

  public init(
    _ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0, outputPadding: Int = 0,
    bias: Bool = true, generator: Generator? = nil
  ) throws(TorchError) {
    // PyTorch computes the fan-in of a transposed convolution from weight.size(1) = out channels.
    let fanIn = outChannels * kernelSize * kernelSize
    let bound = 1 / Double(fanIn).squareRoot()
    weight = try Initialization.uniform(
      [inChannels, outChannels, kernelSize, kernelSize], bound: bound, generator: generator)
    self.bias = bias ? try Initialization.uniform([outChannels], bound: bound, generator: generator) : nil
    self.stride = stride
    self.padding = padding
    self.outputPadding = outputPadding
  }

  public var ownParameters: [(name: String, tensor: Tensor)] {
    [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
  }

  public func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor {
    try Functional.convTranspose2d(
      x, weight: weight, bias: bias, stride: stride, padding: padding, outputPadding: outputPadding)
  }
}
