import Foundation
import Testing
@testable import Torch

@Suite struct LayerTests {
  @Test func conv3x3ByHand() throws {
    // 1 input channel 3x3, kernel 3x3, padding 1: centre output = sum of all products.
    let conv = try Conv2d(1, 1, kernelSize: 3, padding: 1)
    let k: [Float] = [1, 0, -1, 2, 0, -2, 1, 0, -1]  // Sobel x
    try conv.weight.detached().copyInPlace(from: Tensor(k, shape: [1, 1, 3, 3]))
    try conv.bias!.detached().fillInPlace(0.5)
    let x = try Tensor([1, 2, 3, 4, 5, 6, 7, 8, 9] as [Float], shape: [1, 1, 3, 3])
    let y = try floats(conv(x))
    // Cross-correlation with zero padding, done by hand.
    var expected = [Float](repeating: 0.5, count: 9)
    for i in 0..<3 {
      for j in 0..<3 {
        for di in -1...1 {
          for dj in -1...1 where (0..<3).contains(i + di) && (0..<3).contains(j + dj) {
            expected[i * 3 + j] += k[(di + 1) * 3 + dj + 1] * Float((i + di) * 3 + (j + dj) + 1)
          }
        }
      }
    }
    let centre: Float = 0.5 - 2 - 4 - 2  // (1 - 3) + 2 (4 - 6) + (7 - 9)
    #expect(expected[4] == centre)
    expectClose(y, expected)
    let strided = try Conv2d(1, 2, kernelSize: 3, stride: 2, padding: 1, bias: false)
    #expect(try strided(Tensor.zeros([4, 1, 96, 96])).shape == [4, 2, 48, 48])
    #expect(strided.namedParameters().map(\.name) == ["weight"])
  }

  @Test func batchNormTrainingThenEval() throws {
    let bn = try BatchNorm(1, momentum: 0.1)
    let x = try Tensor([1, 2, 3, 6] as [Float], shape: [4, 1])
    let y = try floats(bn(x))
    // Training: normalise with the biased batch variance.
    let mean: Float = 3
    let biasedVar: Float = (4 + 1 + 0 + 9) / 4
    expectClose(y, [1, 2, 3, 6].map { ($0 - mean) / (biasedVar + 1e-5).squareRoot() })
    // Running stats: 0.9 * old + 0.1 * batch, with the unbiased variance.
    expectClose(try floats(bn.runningMean), [0.1 * mean])
    expectClose(try floats(bn.runningVar), [0.9 * 1 + 0.1 * (14.0 / 3)])
    #expect(try bn.numBatchesTracked.item() == 1)
    bn.eval()
    let rm = 0.1 * mean
    let rv: Float = 0.9 + 0.1 * 14 / 3
    expectClose(try floats(bn(x)), [1, 2, 3, 6].map { ($0 - rm) / (rv + 1e-5).squareRoot() })
    expectClose(try floats(bn.runningMean), [rm])  // eval leaves the statistics alone
    // 2-D input: statistics per channel over N, H, W.
    let bn2 = try BatchNorm(2)
    let img = try Tensor.randn([3, 2, 4, 4], generator: Generator(seed: 1))
    let out = try bn2(img)
    expectClose(try floats(out.mean(dims: [0, 2, 3])), [0, 0], tol: 1e-5)
  }

  @Test func lstmCellMatchesItsEquations() throws {
    let cell = try LSTMCell(inputSize: 2, hiddenSize: 3, generator: Generator(seed: 3))
    let x = try Tensor([0.5, -1] as [Float], shape: [1, 2])
    let h0 = try Tensor([0.1, 0.2, -0.3] as [Float], shape: [1, 3])
    let c0 = try Tensor([0.0, -0.5, 0.4] as [Float], shape: [1, 3])
    let (h1, c1) = try cell(x, state: (h0, c0))
    let wih = try floats(cell.weightIH), whh = try floats(cell.weightHH)
    let bih = try floats(cell.biasIH), bhh = try floats(cell.biasHH)
    let xs: [Float] = [0.5, -1], hs: [Float] = [0.1, 0.2, -0.3], cs: [Float] = [0, -0.5, 0.4]
    func gate(_ row: Int) -> Float {
      var s = bih[row] + bhh[row]
      for j in 0..<2 { s += wih[row * 2 + j] * xs[j] }
      for j in 0..<3 { s += whh[row * 3 + j] * hs[j] }
      return s
    }
    func sigmoid(_ v: Float) -> Float { 1 / (1 + Foundation.exp(-v)) }
    var hExp: [Float] = [], cExp: [Float] = []
    for k in 0..<3 {
      let i = sigmoid(gate(k)), f = sigmoid(gate(3 + k)), g = Foundation.tanh(gate(6 + k)), o = sigmoid(gate(9 + k))
      let c = f * cs[k] + i * g
      cExp.append(c)
      hExp.append(o * Foundation.tanh(c))
    }
    expectClose(try floats(c1), cExp)
    expectClose(try floats(h1), hExp)
    let zero = try cell.zeroState(batch: 4)
    #expect(zero.h.shape == [4, 3])
  }

  @Test func softmaxAndSoftCrossEntropyByHand() throws {
    let logits = try Tensor([1, 2, 3] as [Float], shape: [1, 3])
    let e: [Float] = [1, 2, 3].map { Foundation.exp(Float($0)) }
    let z = e.reduce(0, +)
    expectClose(try floats(logits.softmax(dim: 1)), e.map { $0 / z })
    expectClose(try floats(logits.logSoftmax(dim: -1)), e.map { Foundation.log($0 / z) })
    let target = try Tensor([0.2, 0.0, 0.8] as [Float], shape: [1, 3])
    let ce = try Functional.softCrossEntropy(logits: logits, target: target).item()
    let expected = -(0.2 * Foundation.log(e[0] / z) + 0.8 * Foundation.log(e[2] / z))
    #expect(abs(Float(ce) - expected) < 1e-5)
  }

  @Test func residualBlockNamesAndShapes() throws {
    let block = try ResidualBlock(inChannels: 4, outChannels: 8, stride: 2)
    let y = try block(Tensor.randn([2, 4, 12, 12]))
    #expect(y.shape == [2, 8, 6, 6])
    let names = block.namedParameters().map(\.name)
    #expect(names == ["conv1.weight", "bn1.weight", "bn1.bias", "conv2.weight", "bn2.weight", "bn2.bias", "downsample.weight"])
    #expect(block.namedBuffers().map(\.name).contains("bn2.running_var"))
    block.eval()
    #expect(!block.bn1.isTraining && !block.bn2.isTraining)
    block.train()
    #expect(block.bn1.isTraining)
    #expect(try ResidualBlock(channels: 4).downsample == nil)
  }

  @Test func zeroInitialisationAndPooling() throws {
    let fc = try Linear(3, 2)
    try fc.zeroInitialize()
    #expect(try floats(fc(Tensor.randn([5, 3]))) == [Float](repeating: 0, count: 10))
    let pooled = try AvgPool2d(kernel: 3, stride: 2, padding: 1)(Tensor.ones([1, 1, 6, 6]))
    #expect(pooled.shape == [1, 1, 3, 3])
    let padded = try Functional.pad2d(
      Tensor([1, 2, 3, 4] as [Float], shape: [1, 1, 2, 2]), left: 1, right: 0, top: 0, bottom: 1, mode: .replicate)
    #expect(try floats(padded) == [1, 1, 2, 3, 3, 4, 3, 3, 4])
  }

  @Test func modulesCopyAndLoadState() throws {
    let a = try ResidualBlock(channels: 2)
    let b = try ResidualBlock(channels: 2)
    try b.copyState(from: a)
    for (p, q) in zip(a.stateDict(), b.stateDict()) { #expect(try p.tensor.isIdentical(to: q.tensor)) }
    // Independent storage after the copy.
    try a.conv1.weight.detached().fillInPlace(3)
    #expect(try !a.conv1.weight.isIdentical(to: b.conv1.weight))
    var broken = a.stateDict()
    broken.removeLast()
    #expect { try b.load(stateDict: broken) } throws: { ($0 as! TorchError).message.contains("num_batches_tracked") }
    let wrongShape = try ResidualBlock(channels: 3).stateDict()
    #expect { try b.load(stateDict: wrongShape) } throws: { ($0 as! TorchError).message.contains("conv1.weight") }
  }
}
