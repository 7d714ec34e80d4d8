import Testing
@testable import Torch

/// Layers prepared for inference (BatchNorm folded into the convolution, oneDNN matrix kernels)
/// give the standard outputs up to rounding, only where no gradient is recorded and only while the
/// weights they were prepared from are unchanged.
@Suite struct InferencePreparationTests {
  /// A BatchNorm with statistics and affine weights far from the identity.
  func batchNorm(_ channels: Int, seed: UInt64) throws -> BatchNorm {
    let bn = try BatchNorm(channels)
    let g = try Generator(seed: seed)
    try Torch.withNoGrad {
      try bn.runningMean.copyInPlace(from: Tensor.rand([channels], generator: g) * 2 - 1)
      try bn.runningVar.copyInPlace(from: Tensor.rand([channels], generator: g) * 3 + 0.2)
      try bn.weight.copyInPlace(from: Tensor.rand([channels], generator: g) + 0.5)
      try bn.bias.copyInPlace(from: Tensor.rand([channels], generator: g) - 0.5)
    }
    bn.eval()
    return bn
  }

  @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
  func aFoldedConvolutionGivesTheConvolutionThenBatchNorm(bias: Bool, channelsLast: Bool) throws {
    let conv = try Conv2d(5, 6, kernelSize: 3, stride: 2, padding: 1, bias: bias, generator: Generator(seed: 1))
    let bn = try batchNorm(6, seed: 2)
    var x = try Tensor.rand([3, 5, 9, 9], generator: Generator(seed: 3))
    if channelsLast {
      try conv.useChannelsLast()
      x = try x.channelsLast()
    }
    let expected = try Torch.withInferenceMode { () throws(TorchError) in try bn(conv(x)) }
    #expect(!conv.hasCurrentFold(of: bn))
    try conv.fold(bn)
    #expect(conv.hasCurrentFold(of: bn))
    let folded = try Torch.withInferenceMode { () throws(TorchError) in try conv.normalized(x, by: bn) }
    #expect(!(try folded.isIdentical(to: expected)), "the fold was not used: the outputs are bit for bit the unfolded ones")
    expectClose(try floats(folded), try floats(expected), tol: 1e-5)
  }

  @Test func aFoldIsLeftAloneOnceItsTensorsChange() throws {
    let conv = try Conv2d(4, 4, kernelSize: 3, padding: 1, bias: false, generator: Generator(seed: 4))
    let bn = try batchNorm(4, seed: 5)
    let x = try Tensor.rand([2, 4, 6, 6], generator: Generator(seed: 6))
    try conv.fold(bn)
    // A load (in-place copy) of new statistics, then of new convolution weights.
    try Torch.withNoGrad { try bn.runningMean.copyInPlace(from: Tensor.zeros([4])) }
    #expect(!conv.hasCurrentFold(of: bn))
    let afterStatistics = try Torch.withInferenceMode { () throws(TorchError) in try conv.normalized(x, by: bn) }
    #expect(try afterStatistics.isIdentical(to: Torch.withInferenceMode { () throws(TorchError) in try bn(conv(x)) }))
    try conv.fold(bn)
    #expect(conv.hasCurrentFold(of: bn))
    try Torch.withNoGrad { try conv.weight.copyInPlace(from: conv.weight * 2) }
    #expect(!conv.hasCurrentFold(of: bn))
    let afterWeights = try Torch.withInferenceMode { () throws(TorchError) in try conv.normalized(x, by: bn) }
    #expect(try afterWeights.isIdentical(to: Torch.withInferenceMode { () throws(TorchError) in try bn(conv(x)) }))
  }

  @Test func trainingAndGradientsUseTheTwoPasses() throws {
    let conv = try Conv2d(3, 4, kernelSize: 3, padding: 1, generator: Generator(seed: 7))
    let bn = try batchNorm(4, seed: 8)
    let x = try Tensor.rand([2, 3, 5, 5], generator: Generator(seed: 9))
    try conv.fold(bn)
    // Evaluation with gradients: the standard passes, and the gradient reaches the weights.
    let y = try conv.normalized(x, by: bn)
    #expect(try y.isIdentical(to: bn(conv(x))))
    try y.sum().backward()
    #expect(conv.weight.grad != nil)
    // Training: batch statistics, running statistics updated.
    bn.train()
    let before = try floats(bn.runningMean)
    let trained = try Torch.withNoGrad { () throws(TorchError) in try conv.normalized(x, by: bn) }
    #expect(try floats(bn.runningMean) != before)
    #expect(!conv.hasCurrentFold(of: bn))
    let mean = try floats(trained.mean(dims: [0, 2, 3]))
    expectClose(mean, try floats(bn.bias), tol: 1e-4)
  }

  @Test func oneDNNLinearGivesTheStandardOutputsWithoutGradients() throws {
    let linear = try Linear(37, 19, generator: Generator(seed: 10))
    let x = try Tensor.rand([13, 37], generator: Generator(seed: 11))
    let expected = try Torch.withInferenceMode { () throws(TorchError) in try linear(x) }
    #expect(try linear.prepareOwnInference() == 1)
    #expect(Torch.withInferenceMode { Functional.oneDNNLinearApplies(to: x) })
    #expect(!Functional.oneDNNLinearApplies(to: x), "applies while gradients are recorded")
    let fast = try Torch.withInferenceMode { () throws(TorchError) in try linear(x) }
    expectClose(try floats(fast), try floats(expected), tol: 1e-5)
    // With gradients: the standard kernel, differentiable.
    let y = try linear(x)
    #expect(try y.isIdentical(to: Functional.linear(x, weight: linear.weight, bias: linear.bias)))
    try y.sum().backward()
    #expect(linear.weight.grad != nil)
  }

  @Test func oneDNNLSTMGivesTheStandardStep() throws {
    let cell = try LSTMCell(inputSize: 24, hiddenSize: 16, generator: Generator(seed: 12))
    let g = try Generator(seed: 13)
    let x = try Tensor.rand([9, 24], generator: g) * 2 - 1
    let state = (h: try Tensor.rand([9, 16], generator: g) - 0.5, c: try Tensor.rand([9, 16], generator: g) - 0.5)
    let expected = try Torch.withInferenceMode { () throws(TorchError) in try cell(x, state: state) }
    _ = try cell.prepareOwnInference()
    let fast = try Torch.withInferenceMode { () throws(TorchError) in try cell(x, state: state) }
    expectClose(try floats(fast.h), try floats(expected.h), tol: 1e-5)
    expectClose(try floats(fast.c), try floats(expected.c), tol: 1e-5)
    #expect(Torch.withInferenceMode { Functional.oneDNNLinearApplies(to: x) && Functional.oneDNNLinearApplies(to: state.h) })
  }
}
