import Foundation
import Testing
@testable import Torch

@Suite struct GradientTests {
  /// A small network loss in double-checked float: conv -> BN -> relu -> linear -> soft CE.
  final class Tiny: Module {
    let conv: Conv2d
    let bn: BatchNorm
    let fc: Linear
    let cell: LSTMCell
    init(_ g: Generator) throws {
      conv = try Conv2d(2, 3, kernelSize: 3, padding: 1, generator: g)
      bn = try BatchNorm(3)
      fc = try Linear(3 * 4 * 4, 4, generator: g)
      cell = try LSTMCell(inputSize: 4, hiddenSize: 5, generator: g)
    }
    func loss(_ x: Tensor, _ target: Tensor) throws -> Tensor {
      let h = try bn(conv(x)).relu().flatten(from: 1)
      let z = try fc(h)
      let s = try cell(z, state: cell.zeroState(batch: x.size(0)))
      let logits = try s.h.slice(dim: 1, start: 0, end: 4)
      return try Functional.softCrossEntropy(logits: logits, target: target).mean()
    }
  }

  @Test func gradientsMatchFiniteDifferences() throws {
    let g = try Generator(seed: 11)
    let net = try Tiny(g)
    let x = try Tensor.randn([3, 2, 4, 4], generator: g)
    let target = try Tensor.rand([3, 4], generator: g).softmax(dim: 1)
    try net.loss(x, target).backward()
    for (name, p) in net.namedParameters() {
      let grad = try floats(#require(p.grad, "no gradient for \(name)"))
      // Central differences on a few coordinates of each parameter.
      let flat = try p.detached().view([-1])
      for index in Set([0, p.count / 2, p.count - 1]) {
        let original = try flat.select(dim: 0, index: index).item()
        func lossAt(_ v: Double) throws -> Double {
          try flat.select(dim: 0, index: index).fillInPlace(v)
          return try Torch.withNoGrad { () throws -> Double in try net.loss(x, target).item() }
        }
        let eps = 1e-2
        let numeric = (try lossAt(original + eps) - lossAt(original - eps)) / (2 * eps)
        try flat.select(dim: 0, index: index).fillInPlace(original)
        #expect(abs(numeric - Double(grad[index])) < 2e-3 + 0.05 * abs(numeric), "\(name)[\(index)]")
      }
    }
  }

  @Test func scalingGradientHalvesTheGradientOnly() throws {
    let w = try Tensor([2, -3] as [Float]).requiresGrad(true)
    let y = try w.scalingGradient(by: 0.5)
    #expect(try floats(y) == [2, -3])
    try (y * y).sum().backward()
    #expect(try floats(w.grad!) == [2, -3])  // 0.5 * 2w
  }

  @Test func detachStopsGradients() throws {
    let w = try Tensor([1, 2] as [Float]).requiresGrad(true)
    try ((w * 3).detached() * w).sum().backward()
    #expect(try floats(w.grad!) == [3, 6])
    try w.clearGrad()
    #expect(w.grad == nil)
  }

  @Test func sgdWithMomentumAndWeightDecayFollowsItsFormula() throws {
    let p = try Tensor([1.0, -2.0] as [Float]).requiresGrad(true)
    let sgd = SGD(parameters: [("p", p)], learningRate: 0.2, momentum: 0.9, weightDecay: 1e-4)
    var expected: [Float] = [1, -2]
    var buffer: [Float]? = nil
    for step in 0..<3 {
      try sgd.zeroGrad()
      // loss = sum(c * p^2) -> grad = 2 c p
      let c = Float(step + 1)
      try (p.square() * Double(c)).sum().backward()
      try sgd.step()
      let d = expected.map { 2 * c * $0 + 1e-4 * $0 }
      buffer = buffer.map { zip($0, d).map { 0.9 * $0 + $1 } } ?? d
      expected = zip(expected, buffer!).map { $0 - 0.2 * $1 }
      expectClose(try floats(p), expected, tol: 1e-6)
    }
    #expect(sgd.stateDict().map(\.name) == ["momentum_buffer.p"])
  }

  @Test func clipGradNormScalesToTheLimit() throws {
    let a = try Tensor([3] as [Float]).requiresGrad(true)
    let b = try Tensor([4] as [Float]).requiresGrad(true)
    try (a * 1 + b * 1).sum().backward()  // grads 1, 1 -> scaled below
    try (a * 2 + b * 3).sum().backward()  // accumulated: 3, 4 -> norm 5
    let norm = try clipGradNorm([a, b], maxNorm: 1)
    #expect(abs(norm - 5) < 1e-6)
    expectClose(try floats(a.grad!) + floats(b.grad!), [0.6, 0.8], tol: 1e-5)
  }
}
