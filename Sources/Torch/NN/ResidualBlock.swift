/// The residual block of EfficientZero/MuZero: conv3x3-BN-ReLU-conv3x3-BN, plus the input, ReLU.
/// With `stride` 2 the skip path is a strided conv3x3 (the downsampling blocks of App. A.1).
public final class ResidualBlock: Module {
  public let conv1: Conv2d
  public let bn1: BatchNorm
  public let conv2: Conv2d
  public let bn2: BatchNorm
  public let downsample: Conv2d?

  public init(
    inChannels: Int, outChannels: Int, stride: Int = 1, momentum: Double = 0.1, generator: Generator? = nil,
    normSources: Int = 1
  ) throws(TorchError) {
    conv1 = try Conv2d(inChannels, outChannels, kernelSize: 3, stride: stride, padding: 1, bias: false, generator: generator)
    bn1 = try BatchNorm(outChannels, momentum: momentum, sources: normSources)
    conv2 = try Conv2d(outChannels, outChannels, kernelSize: 3, padding: 1, bias: false, generator: generator)
    bn2 = try BatchNorm(outChannels, momentum: momentum, sources: normSources)
    downsample =
      (stride != 1 || inChannels != outChannels)
      ? try Conv2d(inChannels, outChannels, kernelSize: 3, stride: stride, padding: 1, bias: false, generator: generator)
      : nil
  }

  public convenience init(channels: Int, momentum: Double = 0.1, generator: Generator? = nil, normSources: Int = 1) throws(TorchError) {
    try self.init(inChannels: channels, outChannels: channels, momentum: momentum, generator: generator, normSources: normSources)
  }

  /// `source` picks the BatchNorm statistics (see `BatchNorm`).
  public func callAsFunction(_ x: Tensor, source: Int = 0) throws(TorchError) -> Tensor {
    let h = try conv1.normalized(x, by: bn1, source: source).relu()
    let y = try conv2.normalized(h, by: bn2, source: source)
    let skip = try downsample.map { d throws(TorchError) in try d(x) } ?? x
    return try (y + skip).relu()
  }
}

extension ResidualBlock: InferencePreparing {
  public func prepareOwnInference() throws(TorchError) -> Int {
    try conv1.fold(bn1)
    try conv2.fold(bn2)
    return 2
  }
}

/// Average pooling as a layer.
public struct AvgPool2d: Sendable {
  public let kernel: Int
  public let stride: Int
  public let padding: Int
  public init(kernel: Int, stride: Int, padding: Int = 0) {
    self.kernel = kernel
    self.stride = stride
    self.padding = padding
  }
  public func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor {
    try Functional.avgPool2d(x, kernel: kernel, stride: stride, padding: padding)
  }
}

/// ReLU as a layer (most code calls `x.relu()` directly).
public struct ReLU: Sendable {
  public init() {}
  public func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor { try x.relu() }
}
