import Testing
@testable import Torch

@Suite struct ConvTransposeTests {
  /// Stride 2, kernel 2: every input pixel paints its own 2x2 block with the kernel scaled by it.
  @Test func strideTwoPaintsBlocksByHand() throws {
    let layer = try ConvTranspose2d(1, 1, kernelSize: 2, stride: 2)
    try layer.weight.detached().copyInPlace(from: Tensor([1, 10, 100, 1000] as [Float], shape: [1, 1, 2, 2]))
    try layer.bias!.detached().fillInPlace(0.5)
    let y = try floats(layer(Tensor([1, 2, 3, 4] as [Float], shape: [1, 1, 2, 2])))
    let k: [Float] = [1, 10, 100, 1000]
    let x: [Float] = [1, 2, 3, 4]
    var expected = [Float](repeating: 0.5, count: 16)
    for i in 0..<2 {
      for j in 0..<2 {
        for a in 0..<2 {
          for b in 0..<2 { expected[(2 * i + a) * 4 + 2 * j + b] += x[i * 2 + j] * k[a * 2 + b] }
        }
      }
    }
    expectClose(y, expected)
  }

  /// Stride 1: overlapping kernels add up; padding trims the border; the decoder's k4 s2 p1 doubles the side.
  @Test func overlapsAddAndShapesFollowTheFormula() throws {
    let layer = try ConvTranspose2d(1, 1, kernelSize: 2, bias: false)
    try layer.weight.detached().fillInPlace(1)
    expectClose(try floats(layer(Tensor([1, 2] as [Float], shape: [1, 1, 1, 2]))), [1, 3, 2, 1, 3, 2])
    let up = try ConvTranspose2d(8, 3, kernelSize: 4, stride: 2, padding: 1, generator: Generator(seed: 1))
    #expect(try up(Tensor.zeros([2, 8, 4, 4])).shape == [2, 3, 8, 8])
    #expect(up.weight.shape == [8, 3, 4, 4])
    #expect(throws: TorchError.self) { try up(Tensor.zeros([2, 5, 4, 4])) }
  }
}
