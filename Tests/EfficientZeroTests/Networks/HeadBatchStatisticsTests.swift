import Testing
import Torch
@testable import EfficientZero

/// `head_batch_norm: unroll`: the heads run once over all steps of the unroll in training, so their
/// BatchNorm layers see one batch of B x steps rows instead of one batch per step.
struct HeadBatchStatisticsTests {
  static func network(_ config: NetworkConfig, _ mode: HeadBatchNorm) throws -> EfficientZeroNetwork {
    var config = config
    config.headBatchNorm = mode
    let network = try EfficientZeroNetwork(config, generator: Generator(seed: 3))
    // Running statistics away from (0, 1) and last layers away from zero, the same in every copy.
    var seed: UInt64 = 10
    for (name, t) in network.stateDict() where t.dtype == .float32 {
      seed += 1
      let noise = try Tensor.rand(t.shape, generator: Generator(seed: seed))
      if name.hasSuffix("running_var") {
        try t.detached().copyInPlace(from: noise + 0.5)
      } else {
        try t.detached().addInPlace(noise * 0.3 - 0.15)
      }
    }
    return network
  }

  /// In evaluation (running statistics: every row on its own) both paths compute the same logits:
  /// the unroll path keeps the steps in order, runs the LSTM step by step and resets it every
  /// `lstm_horizon` steps. In training they differ (the batch statistics do), so the check can fail.
  @Test(arguments: [Fixtures.tinyImageConfig(), Fixtures.tinyVectorConfig(), Fixtures.tinyImageConfig(rewardModel: .reward)])
  func bothPathsAgreeWhereStatisticsAreFixed(_ config: NetworkConfig) throws {
    let lossConfig = Fixtures.lossConfig()
    let batch = try Fixtures.batch(config, size: 6, unroll: 5, seed: 7)
    func heads(_ mode: HeadBatchNorm, training: Bool) throws -> [[Float]] {
      let network = try Self.network(config, mode)
      if training { network.train() } else { network.eval() }
      let input = try network.stackedInput(network.prepare(batch.observations), start: 0)
      let (latents, h) = try Torch.withNoGrad { () throws(TorchError) in
        try network.unrolled(input, actions: batch.actions, config: lossConfig, lstmHorizon: 3)
      }
      #expect(latents.count == 6 && h.policy.count == 6 && h.value.count == 6 && h.reward.count == 5)
      return try (h.policy + h.value + h.reward).map { t throws(TorchError) in try t.toArray(Float.self) }
    }
    func largestGap(_ a: [[Float]], _ b: [[Float]]) -> Float {
      zip(a, b).map { x, y in zip(x, y).map { abs($0 - $1) }.max()! }.max()!
    }
    #expect(largestGap(try heads(.perStep, training: false), try heads(.unroll, training: false)) < 1e-5)
    #expect(largestGap(try heads(.perStep, training: true), try heads(.unroll, training: true)) > 1e-3)
  }

  /// The finding behind the switch: with a reward every step the value prefix is u_k = k. Batch
  /// statistics per step remove from every feature what all rows share at step k, so the head has
  /// to find the step elsewhere; over the unroll the shared part stays. Worst per-step mean error on
  /// a fresh batch after fitting one: in training mode (batch statistics, as training normalises) and
  /// in evaluation (running statistics; there the dynamics' own per-step statistics still differ).
  static func worstPrefixErrors(_ mode: HeadBatchNorm) throws -> (training: Float, evaluation: Float) {
    let config = Fixtures.tinyVectorConfig()
    let unroll = 5
    var batch = try Fixtures.batch(config, size: 32, unroll: unroll, seed: 5)
    batch.valuePrefixTargets = (0..<32).flatMap { _ in (1...unroll).map(Float.init) }
    let network = try Self.network(config, mode)
    var optimizer = OptimizerConfig()
    optimizer.learningRate = 0.05
    optimizer.warmupFraction = 0
    let learner = try Learner(network: network, lossConfig: Fixtures.lossConfig(), optimizerConfig: optimizer, shared: Fixtures.shared(unroll: unroll), seed: 1)
    for _ in 0..<400 { _ = try learner.train(on: batch) }
    // Measured on another batch of the same kind: fitting one batch's rows one by one is not learning k.
    let fresh = try Fixtures.batch(config, size: 32, unroll: unroll, seed: 6)
    func worst() throws -> Float {
      let input = try network.stackedInput(network.prepare(fresh.observations), start: 0)
      let (_, heads) = try Torch.withNoGrad { () throws(TorchError) in
        try network.unrolled(input, actions: fresh.actions, config: Fixtures.lossConfig(), lstmHorizon: 5)
      }
      var worst: Float = 0
      for (k, logits) in heads.reward.enumerated() {
        let predicted = try network.transform.scalars(fromLogits: logits)
        worst = max(worst, abs(predicted.reduce(0, +) / Float(predicted.count) - Float(k + 1)))
      }
      return worst
    }
    network.eval()
    let evaluation = try worst()
    network.train()
    return (try worst(), evaluation)
  }

  @Test func aValuePrefixThatGrowsWithTheStepIsLearntOverTheUnroll() throws {
    let perStep = try Self.worstPrefixErrors(.perStep)
    let unroll = try Self.worstPrefixErrors(.unroll)
    // Measured: per step 1.58 (training mode) / 2.29 (evaluation), over the unroll 0.22 / 0.78.
    #expect(unroll.training < 0.6, "unroll: \(unroll)")
    #expect(perStep.training > 1 && perStep.training > 2.5 * unroll.training, "per_step: \(perStep), unroll: \(unroll)")
    #expect(perStep.evaluation > 1.5 * unroll.evaluation, "per_step: \(perStep), unroll: \(unroll)")
  }

  @Test func unrollNeedsPooledStatistics() throws {
    var config = Fixtures.tinyVectorConfig()
    config.headBatchNorm = .unroll
    config.predictionNorm = .split
    #expect(throws: ConfigError.self) { try config.validate() }
    config.predictionNorm = .pooled
    config.valuePrefixNormSteps = 2
    #expect(throws: ConfigError.self) { try config.validate() }
    config.valuePrefixNormSteps = 1
    try config.validate()
  }
}
