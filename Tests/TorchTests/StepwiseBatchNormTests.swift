import Testing
@testable import Torch

@Suite struct StepwiseBatchNormTests {
  /// Against one plain BatchNorm per step (differential): training a step moves only that step's
  /// statistics, exactly as a BatchNorm fed the same batches; evaluation of rows at mixed steps uses
  /// each row's own step.
  @Test func eachStepKeepsTheStatisticsOfItsOwnBatches() throws {
    let features = 3
    let steps = 3
    let stepwise = try StepwiseBatchNorm(features, steps: steps, momentum: 0.2)
    let plain = try (0..<steps).map { _ in try BatchNorm(features, momentum: 0.2) }
    let g = try Generator(seed: 4)
    // Shared affine parameters, set away from the identity.
    try stepwise.weight.detached().copyInPlace(from: Tensor([1.5, 0.5, -1] as [Float]))
    try stepwise.bias.detached().copyInPlace(from: Tensor([0.1, -0.2, 0.3] as [Float]))
    for bn in plain {
      try bn.weight.detached().copyInPlace(from: stepwise.weight)
      try bn.bias.detached().copyInPlace(from: stepwise.bias)
    }
    // Steps see differently distributed inputs, as the first LSTM step does.
    for round in 0..<4 {
      for s in 0..<steps where !(round == 3 && s == 2) {
        let x = try Tensor.randn([8, features], generator: g) * Double(s + 1) + Double(3 * s)
        expectClose(try floats(stepwise(x, stepOfRow: [Int](repeating: s, count: 8))), try floats(plain[s](x)))
      }
    }
    for s in 0..<steps {
      expectClose(try floats(stepwise.runningMean.select(dim: 0, index: s)), try floats(plain[s].runningMean))
      expectClose(try floats(stepwise.runningVar.select(dim: 0, index: s)), try floats(plain[s].runningVar))
    }
    #expect(try stepwise.numBatchesTracked.item() == 11)
    // Rows at different steps in one training batch cannot share batch statistics.
    #expect(throws: TorchError.self) { try stepwise(Tensor.zeros([2, features]), stepOfRow: [0, 1]) }

    stepwise.eval()
    for bn in plain { bn.eval() }
    let x = try Tensor.randn([5, features], generator: g) * 2.0
    let rows = [2, 0, 1, 7, 0]  // 7: past the last kept step, which serves it
    let y = try floats(stepwise(x, stepOfRow: rows))
    for (i, s) in rows.enumerated() {
      let expected = try floats(plain[min(s, steps - 1)](x.slice(dim: 0, start: i, end: i + 1)))
      expectClose(Array(y[(i * features)..<((i + 1) * features)]), expected)
    }
    #expect(stepwise.stateDict().map(\.name) == ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"])
    #expect(stepwise.runningMean.shape == [steps, features])
  }
}
