import Torch

/// Data augmentation of App. A.4 as in the reference: random shift (replicate-pad, random crop
/// back, one offset per sample shared by all its channels) then intensity x(1 + scale clamp(N(0,1), -2, 2)).
public struct Augmentation {
  public var pad = 4
  public var intensityScale = 0.05
  public var shift = true
  public var intensity = true
  public let generator: Generator

  public init(seed: UInt64, pad: Int = 4, intensityScale: Double = 0.05) throws(TorchError) {
    generator = try Generator(seed: seed)
    self.pad = pad
    self.intensityScale = intensityScale
  }

  /// `images`: float [N, C, H, W].
  public func callAsFunction(_ images: Tensor) throws(TorchError) -> Tensor {
    var x = images
    if shift && pad > 0 { x = try randomShift(x) }
    if intensity && intensityScale > 0 { x = try randomIntensity(x) }
    return x
  }

  func randomShift(_ x: Tensor) throws(TorchError) -> Tensor {
    let s = x.shape
    let padded = try Functional.pad2d(x, left: pad, right: pad, top: pad, bottom: pad, mode: .replicate)
    let offsets = try Tensor.randint(0, 2 * pad + 1, [s[0], 2], generator: generator).toArray(Int64.self)
    var crops: [Tensor] = []
    crops.reserveCapacity(s[0])
    for i in 0..<s[0] {
      let top = Int(offsets[2 * i]), left = Int(offsets[2 * i + 1])
      crops.append(
        try padded.select(dim: 0, index: i).slice(dim: 1, start: top, end: top + s[2]).slice(
          dim: 2, start: left, end: left + s[3]))
    }
    return try Tensor.stack(crops, dim: 0)
  }

  func randomIntensity(_ x: Tensor) throws(TorchError) -> Tensor {
    // Drawn on the CPU (the generator's device), then placed with the images.
    let r = try Tensor.randn([x.size(0), 1, 1, 1], generator: generator).clamp(min: -2, max: 2).to(x.device)
    return try x * (r * intensityScale + 1)
  }
}
