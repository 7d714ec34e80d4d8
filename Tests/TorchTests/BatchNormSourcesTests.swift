import Testing
@testable import Torch

@Suite struct BatchNormSourcesTests {
  /// Against one plain BatchNorm per source (differential): a training pass on a source moves only
  /// that source's statistics, exactly as a BatchNorm fed the same batches, with the affine weights
  /// shared; evaluation normalises each source with its own statistics.
  @Test func eachSourceKeepsTheStatisticsOfItsOwnBatches() throws {
    let features = 3
    let split = try BatchNorm(features, momentum: 0.2, sources: 2)
    let plain = try (0..<2).map { _ in try BatchNorm(features, momentum: 0.2) }
    try split.weight.detached().copyInPlace(from: Tensor([1.5, 0.5, -1] as [Float]))
    try split.bias.detached().copyInPlace(from: Tensor([0.1, -0.2, 0.3] as [Float]))
    for bn in plain {
      try bn.weight.detached().copyInPlace(from: split.weight)
      try bn.bias.detached().copyInPlace(from: split.bias)
    }
    let g = try Generator(seed: 8)
    for round in 0..<3 {
      for source in 0..<2 where !(round == 2 && source == 1) {
        let x = try Tensor.randn([8, features], generator: g) * Double(3 * source + 1) + Double(5 * source)
        expectClose(try floats(split(x, source: source)), try floats(plain[source](x)))
      }
    }
    for source in 0..<2 {
      let (mean, variance) = split.statistics(of: source)
      expectClose(try floats(mean), try floats(plain[source].runningMean))
      expectClose(try floats(variance), try floats(plain[source].runningVar))
    }
    // The sources were trained on different distributions: their statistics differ.
    #expect(try floats(split.runningMean) != floats(split.otherRunningMeans[0]))

    split.eval()
    for bn in plain { bn.eval() }
    let x = try Tensor.randn([4, features], generator: g)
    for source in 0..<2 { expectClose(try floats(split(x, source: source)), try floats(plain[source](x))) }
    #expect(
      split.stateDict().map(\.name)
        == ["weight", "bias", "running_mean", "running_var", "num_batches_tracked", "running_mean_1", "running_var_1"])
    #expect(throws: TorchError.self) { try BatchNorm(2, sources: 0) }
  }

  /// A single-source layer serves every source with its one set (the paper's pooled statistics).
  @Test func oneSourceServesEverySource() throws {
    let bn = try BatchNorm(2, momentum: 0.5)
    _ = try bn(Tensor([1, 2, 3, 6] as [Float], shape: [2, 2]), source: 1)
    bn.eval()
    let x = try Tensor([0.5, -1] as [Float], shape: [1, 2])
    expectClose(try floats(bn(x, source: 1)), try floats(bn(x)))
    #expect(bn.sources == 1 && bn.stateDict().count == 5)
  }

  /// A convolution's BatchNorm fold holds source 0's statistics: source 1 takes the two passes
  /// with its own statistics.
  @Test func aFoldServesOnlySourceZero() throws {
    let conv = try Conv2d(2, 2, kernelSize: 1, generator: Generator(seed: 1))
    let bn = try BatchNorm(2, sources: 2)
    try bn.otherRunningMeans[0].copyInPlace(from: Tensor([0.7, -0.4] as [Float]))
    try bn.otherRunningVars[0].copyInPlace(from: Tensor([2.0, 0.5] as [Float]))
    bn.eval()
    let x = try Tensor.randn([1, 2, 3, 3], generator: Generator(seed: 2))
    let plain = try Torch.withNoGrad { () throws(TorchError) in [try bn(conv(x), source: 0), try bn(conv(x), source: 1)] }
    try conv.fold(bn)
    let folded = try Torch.withNoGrad { () throws(TorchError) in
      [try conv.normalized(x, by: bn, source: 0), try conv.normalized(x, by: bn, source: 1)]
    }
    #expect(conv.hasCurrentFold(of: bn))
    let (zero, one) = (try floats(plain[0]), try floats(plain[1]))
    expectClose(try floats(folded[0]), zero)
    expectClose(try floats(folded[1]), one)
    #expect(zero != one)
  }
}
