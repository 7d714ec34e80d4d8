import Testing
@testable import Torch

@Suite struct TensorBasicsTests {
  @Test func roundTripsEveryElementType() throws {
    let f = try Tensor([1.5, -2, 3, 4, 5, 6] as [Float], shape: [2, 3])
    #expect(f.shape == [2, 3])
    #expect(f.dtype == .float32)
    #expect(try f.toArray(Float.self) == [1.5, -2, 3, 4, 5, 6])
    let i = try Tensor([Int64.max, -7, 0], shape: [3])
    #expect(try i.toArray(Int64.self) == [Int64.max, -7, 0])
    let u = try Tensor([UInt8(0), 255, 17], shape: [3, 1])
    #expect(try u.toArray(UInt8.self) == [0, 255, 17])
    let b = try Tensor([true, false], shape: [2])
    #expect(try b.toArray(Bool.self) == [true, false])
  }

  @Test func wrongCountOrTypeThrows() throws {
    #expect(throws: TorchError.self) { try Tensor([1, 2, 3] as [Float], shape: [2, 2]) }
    let f = try Tensor.zeros([2])
    #expect(throws: TorchError.self) { try f.toArray(Int64.self) }
  }

  @Test func broadcastMismatchNamesBothShapes() throws {
    let a = try Tensor.zeros([2, 3])
    let b = try Tensor.zeros([4, 5])
    do {
      _ = try a + b
      Issue.record("adding [2, 3] to [4, 5] must throw")
    } catch {
      #expect(error.message.contains("[2, 3]"))
      #expect(error.message.contains("[4, 5]"))
      #expect(error.message.contains("must match"))  // libtorch's own words are kept
    }
  }

  @Test func arithmeticAndReductions() throws {
    let a = try Tensor([1, 2, 3, 4] as [Float], shape: [2, 2])
    let b = try Tensor([10, 20] as [Float], shape: [2])
    #expect(try floats(a + b) == [11, 22, 13, 24])
    #expect(try floats(a * 2 - 1) == [1, 3, 5, 7])
    #expect(try floats(1 - a) == [0, -1, -2, -3])
    #expect(try floats(a.matmul(a)) == [7, 10, 15, 22])
    #expect(try a.sum().item() == 10)
    #expect(try floats(a.sum(dim: 0)) == [4, 6])
    #expect(try floats(a.mean(dim: 1, keepDim: true)) == [1.5, 3.5])
    #expect(try a.mean(dim: 1, keepDim: true).shape == [2, 1])
    #expect(try floats(a.max(dims: [1])) == [2, 4])
    #expect(try a.argmax(dim: 1).toArray(Int64.self) == [1, 1])
    #expect(try floats(a.clamp(min: 2, max: 3)) == [2, 2, 3, 3])
    #expect(try floats(a.clamp(max: 2)) == [1, 2, 2, 2])
    expectClose(try floats(a.sqrt()), [1, 2, 3, 4].map { Float($0).squareRoot() })
    expectClose(try floats(a.exp().log()), [1, 2, 3, 4])
    #expect(try a.gt(2.5).toArray(Bool.self) == [false, false, true, true])
    #expect(try Tensor.where(a.gt(2.5), a, a * 0).toArray(Float.self) == [0, 0, 3, 4])
  }

  @Test func shapesAndIndexing() throws {
    let a = try Tensor.arange(0, 24).reshape([2, 3, 4])
    #expect(try a.permute([2, 0, 1]).shape == [4, 2, 3])
    #expect(try floats(a.slice(dim: 2, start: 1, end: 4, step: 2).select(dim: 0, index: 1)) == [13, 15, 17, 19, 21, 23])
    let idx = try Tensor([2, 0] as [Int64])
    #expect(try floats(a.select(dim: 0, index: 0).indexSelect(dim: 0, index: idx)) == [8, 9, 10, 11, 0, 1, 2, 3])
    let g = try Tensor([3, 0, 1] as [Int64], shape: [3, 1])
    #expect(try floats(a.select(dim: 0, index: 0).gather(dim: 1, index: g)) == [3, 4, 9])
    #expect(try Tensor.cat([a, a], dim: 1).shape == [2, 6, 4])
    #expect(try Tensor.stack([a, a], dim: 0).shape == [2, 2, 3, 4])
    #expect(try a.flatten(from: 1).shape == [2, 12])
    #expect(try a.unsqueeze(dim: 1).squeeze(dim: 1).shape == [2, 3, 4])
    #expect(throws: TorchError.self) { try a.view([5, 5]) }
    #expect(throws: TorchError.self) { try a.select(dim: 0, index: 2) }
    let onehot = try Tensor([1, 0] as [Int64]).oneHot(classes: 3)
    #expect(try onehot.toArray(Int64.self) == [0, 1, 0, 1, 0, 0])
  }

  @Test func inPlaceAndCopies() throws {
    let a = try Tensor.zeros([3])
    let b = try Tensor([1, 2, 3] as [Float])
    try a.addInPlace(b, alpha: 2)
    #expect(try floats(a) == [2, 4, 6])
    let c = try a.clone()
    try a.mulInPlace(0.5)
    #expect(try floats(c) == [2, 4, 6])
    #expect(try floats(a) == [1, 2, 3])
    try a.indexCopyInPlace(dim: 0, index: Tensor([2] as [Int64]), source: Tensor([9] as [Float]))
    #expect(try floats(a) == [1, 2, 9])
  }

  @Test func generatorsAreReproducibleAndRestorable() throws {
    let g1 = try Generator(seed: 7)
    let g2 = try Generator(seed: 7)
    let x = try floats(Tensor.randn([5], generator: g1))
    #expect(x == (try floats(Tensor.randn([5], generator: g2))))
    let saved = try g1.state()
    let next = try floats(Tensor.rand([4], generator: g1))
    try g1.setState(saved)
    #expect(next == (try floats(Tensor.rand([4], generator: g1))))
    let ints = try Tensor.randint(0, 3, [1000], generator: g1).toArray(Int64.self)
    #expect(Set(ints) == [0, 1, 2])
  }

  @Test func inferenceModeAndNoGrad() throws {
    let w = try Tensor.ones([2]).requiresGrad(true)
    let y = try Torch.withNoGrad { () throws(TorchError) -> Tensor in
      #expect(!Torch.isGradEnabled)
      return try w * 2
    }
    #expect(!y.requiresGrad)
    #expect(Torch.isGradEnabled)
    let z = try Torch.withInferenceMode { () throws(TorchError) -> Tensor in try w * 3 }
    #expect(!z.requiresGrad)
    #expect(try (w * 2).requiresGrad)
  }

  @Test func threadsCanBeSet() {
    let before = Torch.threads
    Torch.threads = 1
    #expect(Torch.threads == 1)
    Torch.threads = before
  }

  @Test func deviceIsCPUAndCUDAFailsClearlyWithoutIt() throws {
    let a = try Tensor.zeros([2])
    #expect(a.device == .cpu)
    if !Device.cudaAvailable {
      #expect(throws: TorchError.self) { try a.to(.cuda(0)) }
    }
  }
}
