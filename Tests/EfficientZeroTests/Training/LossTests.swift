import Testing
import Torch
@testable import EfficientZero

@Suite struct LossTests {
  @Test func gradientReachesEveryTrainableParameter() throws {
    var unroll = Fixtures.tinyImageConfig()
    unroll.headBatchNorm = .unroll
    for config in [Fixtures.tinyImageConfig(), Fixtures.tinyVectorConfig(), Fixtures.tinyImageConfig(rewardModel: .reward), unroll] {
      let net = try EfficientZeroNetwork(config, generator: Generator(seed: 1))
      net.train()
      // Non-zero heads first, so that gradients pass the zero-initialised last layers.
      let batch = try Fixtures.batch(config, size: 4, unroll: 3, seed: 9)
      let learner = try Learner(network: net, lossConfig: Fixtures.lossConfig(), optimizerConfig: OptimizerConfig(), shared: Fixtures.shared(unroll: 3), seed: 0)
      for _ in 0..<3 { _ = try learner.train(on: batch) }
      for p in net.parameters() { try p.clearGrad() }
      try net.loss(batch, config: Fixtures.lossConfig(), shared: Fixtures.shared(unroll: 3)).total.backward()
      for (name, p) in net.namedParameters() {
        let g = try #require(p.grad, "\(name) got no gradient")
        #expect(try g.abs().sum().item() > 0, "\(name) has an all-zero gradient")
      }
    }
  }

  @Test func noGradientReachesTheConsistencyTargetBranch() throws {
    let config = Fixtures.tinyVectorConfig()
    let net = try EfficientZeroNetwork(config, generator: Generator(seed: 1))
    // Frames >= stack are used only as consistency targets: their gradient must be exactly zero.
    let obs = try Tensor.randn([4, 2 + 3, 4]).requiresGrad(true)
    let batch = try Fixtures.batch(config, size: 4, unroll: 3, seed: 2, observations: obs)
    var lc = Fixtures.lossConfig()
    let shared = Fixtures.shared(unroll: 3)
    lc.policyCoefficient = 0
    lc.valueCoefficient = 0
    lc.rewardCoefficient = 0
    try net.loss(batch, config: lc, shared: shared).total.backward()
    let g = try #require(obs.grad)
    let inputPart = try g.slice(dim: 1, start: 0, end: 2).abs().sum().item()
    let targetPart = try g.slice(dim: 1, start: 2, end: 5).abs().sum().item()
    #expect(inputPart > 0)
    #expect(targetPart == 0)
  }

  @Test func masksZeroTheMaskedTerms() throws {
    let config = Fixtures.tinyImageConfig()
    let net = try EfficientZeroNetwork(config, generator: Generator(seed: 3))
    var batch = try Fixtures.batch(config, size: 3, unroll: 2, seed: 5)
    batch.masks = [Float](repeating: 0, count: 6)
    var lc = Fixtures.lossConfig()
    let shared = Fixtures.shared(unroll: 2)
    #expect(lc.maskAllTermsPastEnd)  // the default: the authors' final code masks every unrolled term
    net.eval()  // fixed BN statistics so that the two passes are comparable
    lc.maskAllTermsPastEnd = false
    let consistencyOnly = try net.loss(batch, config: lc, shared: shared)
    #expect(consistencyOnly.terms.consistency == 0)
    #expect(consistencyOnly.terms.reward > 0)  // the paper-time code kept value-prefix terms past the end
    lc.maskAllTermsPastEnd = true
    let masked = try net.loss(batch, config: lc, shared: shared)
    #expect(masked.terms.reward == 0)
    // Only step 0 remains: compare with a 0-step computation by hand.
    let (_, p0, v0) = try net.initial(net.stackedInput(net.prepare(batch.observations), start: 0))
    let v = try Functional.softCrossEntropy(logits: v0, target: net.transform.twoHot([0, 3, 6].map { batch.valueTargets[$0] })).mean().item()
    let pi = try Tensor([0, 3, 6].flatMap { i in Array(batch.policyTargets[(i * 4)..<(i * 4 + 4)]) }, shape: [3, 4])
    let p = try Functional.softCrossEntropy(logits: p0, target: pi).mean().item()
    #expect(abs(masked.terms.value - v) < 1e-6)
    #expect(abs(masked.terms.policy - p) < 1e-6)
  }

  @Test func totalIsTheWeightedSumOfItsTerms() throws {
    let config = Fixtures.tinyVectorConfig()
    let net = try EfficientZeroNetwork(config, generator: Generator(seed: 3))
    net.eval()
    var batch = try Fixtures.batch(config, size: 2, unroll: 2, seed: 6)
    let lc = Fixtures.lossConfig()
    let shared = Fixtures.shared(unroll: 2)
    let unweighted = try net.loss(batch, config: lc, shared: shared)
    let t = unweighted.terms
    let expected = t.reward + t.policy + 0.25 * t.value + 2 * t.consistency
    #expect(abs(t.total - expected) < 1e-5)
    batch.weights = [2, 2]
    #expect(abs(try net.loss(batch, config: lc, shared: shared).terms.total - 2 * expected) < 1e-5)
  }

  @Test func prioritiesAreTheValueErrorAtStepZero() throws {
    let config = Fixtures.tinyVectorConfig()
    let net = try EfficientZeroNetwork(config, generator: Generator(seed: 3))
    let batch = try Fixtures.batch(config, size: 3, unroll: 2, seed: 7)
    // Zero-initialised value head: V(s) = 0, so priority = |z_t| + eps.
    let out = try net.loss(batch, config: Fixtures.lossConfig(), shared: Fixtures.shared(unroll: 2))
    for i in 0..<3 { #expect(abs(out.priorities[i] - (abs(batch.valueTargets[i * 3]) + 1e-6)) < 1e-6) }
    // The logged means: V(s) = 0, and the mean target at step 0.
    #expect(out.valueMean == 0)
    let mean = (0..<3).map { Double(batch.valueTargets[$0 * 3]) }.reduce(0, +) / 3
    #expect(abs(out.valueTargetMean - mean) < 1e-6)
  }

  @Test func mismatchedBatchesAreRejected() throws {
    let config = Fixtures.tinyVectorConfig()
    let net = try EfficientZeroNetwork(config)
    let batch = try Fixtures.batch(config, size: 2, unroll: 2, seed: 1)
    #expect(throws: TorchError.self) { try net.loss(batch, config: Fixtures.lossConfig(), shared: Fixtures.shared(unroll: 3)) }
  }
}
