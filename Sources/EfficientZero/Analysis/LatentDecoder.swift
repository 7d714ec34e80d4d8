import Torch

/// A decoder from latent states back to the newest frame of an observation (the paper's Fig. 4):
/// four transposed convolutions, each doubling the resolution, mirroring the representation's four
/// halvings (two strided convolutions, two poolings); BN + ReLU between them, a sigmoid at the end.
public final class LatentDecoder: Module {
  let layers: [ConvTranspose2d]
  let norms: [BatchNorm]
  /// Output channels, height and width (the frame's; the decoder's output is cropped to it).
  public let frameShape: [Int]

  public init(_ config: NetworkConfig, generator: Generator? = nil) throws(TorchError) {
    guard case .image(let c, let h, let w) = config.observation else {
      throw TorchError("the latent decoder reconstructs images; this network reads vectors")
    }
    let width = [config.channels, config.channels, max(1, config.channels / 2), max(1, config.channels / 2), c]
    var layers: [ConvTranspose2d] = []
    var norms: [BatchNorm] = []
    for i in 0..<4 {
      layers.append(try ConvTranspose2d(width[i], width[i + 1], kernelSize: 4, stride: 2, padding: 1, generator: generator))
      if i < 3 { norms.append(try BatchNorm(width[i + 1], momentum: config.batchNormMomentum)) }
    }
    self.layers = layers
    self.norms = norms
    frameShape = [c, h, w]
  }

  /// [N, C, h, w] latent states to [N, c, H, W] frames in [0, 1].
  public func callAsFunction(_ latent: Tensor) throws(TorchError) -> Tensor {
    var x = latent
    for (i, layer) in layers.enumerated() {
      x = try layer(x)
      x = i < norms.count ? try norms[i](x).relu() : try x.sigmoid()
    }
    return try x.slice(dim: 2, start: 0, end: frameShape[1]).slice(dim: 3, start: 0, end: frameShape[2])
  }
}
