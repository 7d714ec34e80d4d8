import Testing
@testable import Torch

/// Mixed precision on the CPU (bfloat16 autocast) and the loss scaler, checked by hand.
@Suite struct MixedPrecisionTests {
  @Test func autocastRunsProductsInLowerPrecisionAndEndsWithItsRegion() throws {
    let linear = try Linear(8, 3, generator: Generator(seed: 1))
    let x = try Tensor.rand([4, 8], generator: Generator(seed: 2))
    #expect(!Torch.isAutocastEnabled(on: .cpu))
    let inside = try Torch.withAutocast(on: .cpu) { () throws(TorchError) -> Tensor in
      #expect(Torch.isAutocastEnabled(on: .cpu))
      // Nested regions restore the outer one.
      try Torch.withAutocast(on: .cpu) { () throws(TorchError) in #expect(Torch.isAutocastEnabled(on: .cpu)) }
      #expect(Torch.isAutocastEnabled(on: .cpu))
      return try linear(x)
    }
    #expect(!Torch.isAutocastEnabled(on: .cpu))
    #expect(inside.dtype == .bfloat16)
    #expect(try linear(x).dtype == .float32)
    let full = try floats(linear(x))
    expectClose(try floats(inside.to(.float32)), full, tol: 2e-2)
  }

  @Test func oneDNNLinearGivesWayToAutocast() throws {
    let linear = try Linear(8, 3, generator: Generator(seed: 3))
    _ = try linear.prepareOwnInference()
    let x = try Tensor.rand([4, 8], generator: Generator(seed: 4))
    let y = try Torch.withInferenceMode { () throws(TorchError) in
      try Torch.withAutocast(on: .cpu) { () throws(TorchError) in try linear(x) }
    }
    #expect(y.dtype == .bfloat16)
  }

  @Test func theScalerUnscalesSkipsOverflowsAndMovesItsScale() throws {
    let scaler = try GradScaler(device: .cpu, initialScale: 8, growthInterval: 2)
    #expect(try floats(scaler.scaled(Tensor([3] as [Float], shape: [1]))) == [24])
    // Clean gradients are divided by the scale exactly; two clean steps double it.
    let g = try Tensor([8, -4, 2] as [Float], shape: [3])
    #expect(try scaler.unscale([g]))
    #expect(try floats(g) == [1, -0.5, 0.25])
    try scaler.update()
    #expect(try scaler.scale.item() == 8 && scaler.growthTracker.item() == 1)
    #expect(try scaler.unscale([Tensor([1] as [Float], shape: [1])]))
    try scaler.update()
    #expect(try scaler.scale.item() == 16 && scaler.growthTracker.item() == 0)
    // An overflow anywhere: reported, the scale halves and the count restarts.
    let bad = try Tensor([1, Float.infinity] as [Float], shape: [2])
    #expect(!(try scaler.unscale([try Tensor([2] as [Float], shape: [1]), bad])))
    try scaler.update()
    #expect(try scaler.scale.item() == 8 && scaler.growthTracker.item() == 0)
    #expect(throws: TorchError.self) { try scaler.update() }
  }
}
