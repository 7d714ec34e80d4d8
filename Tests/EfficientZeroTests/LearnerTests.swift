import Testing
import Torch
@testable import EfficientZero

@Suite struct LearnerTests {
  @Test func learningRateScheduleFollowsTheReference() {
    let o = OptimizerConfig()  // 120k steps: 1,200 warm-up steps
    #expect(o.warmupSteps == 1200)
    #expect(o.learningRate(atStep: 0) == 0)
    #expect(abs(o.learningRate(atStep: 600) - 0.1) < 1e-12)
    #expect(o.learningRate(atStep: 1200) == 0.2)
    #expect(o.learningRate(atStep: 101_199) == 0.2)
    #expect(abs(o.learningRate(atStep: 101_200) - 0.02) < 1e-12)
  }

  @Test func targetNetworkRefreshesOnItsInterval() throws {
    let config = Fixtures.tinyVectorConfig()
    var oc = OptimizerConfig()
    oc.trainingSteps = 100
    oc.targetUpdateInterval = 3
    let learner = try Learner(network: EfficientZeroNetwork(config, generator: Generator(seed: 1)), lossConfig: Fixtures.lossConfig(unroll: 2), optimizerConfig: oc, seed: 1)
    let batch = try Fixtures.batch(config, size: 4, unroll: 2, seed: 1)
    func same() throws -> Bool {
      try zip(learner.network.stateDict(), learner.target.stateDict()).allSatisfy { try $0.tensor.isIdentical(to: $1.tensor) }
    }
    #expect(try same())
    var refreshed: [Bool] = []
    for _ in 0..<3 {
      refreshed.append(try learner.train(on: batch).targetUpdated)
      if learner.step < 3 { #expect(try !same()) }
    }
    #expect(refreshed == [false, false, true])
    #expect(try same())
  }

  @Test func tinyNetworkOverfitsOneBatch() throws {
    Torch.manualSeed(0)
    for config in [Fixtures.tinyVectorConfig(), Fixtures.tinyImageConfig()] {
      var oc = OptimizerConfig()
      oc.trainingSteps = 10_000  // warm-up 100 steps
      oc.learningRate = 0.05
      var lc = Fixtures.lossConfig(unroll: 2)
      lc.consistency = false  // the cosine term is bounded below by -1, not 0
      let learner = try Learner(network: EfficientZeroNetwork(config, generator: Generator(seed: 5)), lossConfig: lc, optimizerConfig: oc, seed: 2)
      var batch = try Fixtures.batch(config, size: 8, unroll: 2, seed: 3)
      // One-hot policy targets so that the minimum of every term is 0.
      batch.policyTargets = (0..<(8 * 3)).flatMap { i in (0..<config.actionCount).map { $0 == i % config.actionCount ? Float(1) : 0 } }
      // Scalars whose h(x) is a whole atom, so that their two-hot targets are one-hot (entropy 0).
      func onAtom(_ x: Float) -> Float { Float(ValueTransform.hInverse(ValueTransform.h(Double(x)).rounded())) }
      batch.valueTargets = batch.valueTargets.map(onAtom)
      batch.rewardTargets = batch.rewardTargets.map(onAtom)
      let first = try learner.train(on: batch).losses["total"]!
      var last = first
      for _ in 0..<300 { last = try learner.train(on: batch).losses["total"]! }
      #expect(last <= 0.1 * first, "loss \(first) -> \(last)")
    }
  }

  @Test func augmentationIsSeededAndShiftsWithinThePad() throws {
    let x = try Tensor.arange(0, 2 * 3 * 16 * 16).reshape([2, 3, 16, 16])
    let a = try Augmentation(seed: 4)
    let b = try Augmentation(seed: 4)
    #expect(try a(x).isIdentical(to: b(x)))
    var shiftOnly = try Augmentation(seed: 9)
    shiftOnly.intensity = false
    let shifted = try shiftOnly(x).toArray(Float.self)
    let original = try x.toArray(Float.self)
    // Each sample is a crop of its replicate-padded self: the centre pixel moves by at most 4.
    for sample in 0..<2 {
      let v = shifted[sample * 768 + 8 * 16 + 8]
      let source = original[(sample * 768)..<(sample * 768 + 256)]
      let idx = try #require(source.firstIndex(of: v)) - sample * 768
      #expect(abs(idx / 16 - 8) <= 4 && abs(idx % 16 - 8) <= 4)
    }
    var intensityOnly = try Augmentation(seed: 9)
    intensityOnly.shift = false
    let ratio = try (intensityOnly(x + 1) / (x + 1)).toArray(Float.self)
    #expect(ratio.allSatisfy { $0 >= 0.9 - 1e-6 && $0 <= 1.1 + 1e-6 })
  }
}
