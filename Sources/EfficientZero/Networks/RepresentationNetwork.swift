import Torch

/// The representation network H of App. A.1: observation (C x 96 x 96) -> latent state (64 x 6 x 6).
///
///   conv 3x3 stride 2 -> C/2 planes (BN, ReLU); residual block (C/2);
///   residual downsample block stride 2 -> C planes; residual block;
///   average pool 3x3 stride 2; residual block; average pool 3x3 stride 2;
///   residual block (the network's own block after the downsampling stem).
public final class RepresentationNetwork: Module {
  let conv: Conv2d
  let bn: BatchNorm
  let block1: ResidualBlock
  let downsampleBlock: ResidualBlock
  let block2: ResidualBlock
  let block3: ResidualBlock
  let block4: ResidualBlock
  let pool = AvgPool2d(kernel: 3, stride: 2, padding: 1)

  public init(inputChannels: Int, channels: Int = 64, momentum: Double = 0.1, generator: Generator? = nil) throws(TorchError) {
    let half = channels / 2
    conv = try Conv2d(inputChannels, half, kernelSize: 3, stride: 2, padding: 1, bias: false, generator: generator)
    bn = try BatchNorm(half, momentum: momentum)
    block1 = try ResidualBlock(channels: half, momentum: momentum, generator: generator)
    downsampleBlock = try ResidualBlock(
      inChannels: half, outChannels: channels, stride: 2, momentum: momentum, generator: generator)
    block2 = try ResidualBlock(channels: channels, momentum: momentum, generator: generator)
    block3 = try ResidualBlock(channels: channels, momentum: momentum, generator: generator)
    block4 = try ResidualBlock(channels: channels, momentum: momentum, generator: generator)
  }

  public func callAsFunction(_ observation: Tensor) throws(TorchError) -> Tensor {
    var x = try conv.normalized(observation, by: bn).relu()
    x = try block1(x)
    x = try downsampleBlock(x)
    x = try block2(x)
    x = try pool(x)
    x = try block3(x)
    x = try pool(x)
    return try block4(x)
  }
}

extension RepresentationNetwork: InferencePreparing {
  public func prepareOwnInference() throws(TorchError) -> Int {
    try conv.fold(bn)
    return 1
  }
}
