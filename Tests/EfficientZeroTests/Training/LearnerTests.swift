import Testing
import Torch
@testable import EfficientZero

@Suite struct LearnerTests {
  @Test func learningRateScheduleFollowsTheReference() {
    // 100k collection steps: 1,000 warm-up steps, one decay 100k steps after the warm-up
    // (the reference: 0.2 from step 1,000 to 100,999, then 0.02).
    let o = OptimizerConfig()
    #expect(o.warmupSteps(collectionSteps: 100_000) == 1000)
    #expect(o.learningRate(atStep: 0, collectionSteps: 100_000) == 0)
    #expect(abs(o.learningRate(atStep: 500, collectionSteps: 100_000) - 0.1) < 1e-12)
    #expect(o.learningRate(atStep: 1000, collectionSteps: 100_000) == 0.2)
    #expect(o.learningRate(atStep: 100_999, collectionSteps: 100_000) == 0.2)
    #expect(abs(o.learningRate(atStep: 101_000, collectionSteps: 100_000) - 0.02) < 1e-12)
  }

  /// The reference's target: each refresh installs the weights saved at the previous refresh, so the
  /// target stays the initial network until the second refresh; `fresh_target` installs the current ones.
  @Test(arguments: [false, true]) func targetNetworkRefreshesOnItsInterval(fresh: Bool) throws {
    let config = Fixtures.tinyVectorConfig()
    var oc = OptimizerConfig()
    oc.targetUpdateInterval = 3
    oc.freshTarget = fresh
    let learner = try Learner(network: EfficientZeroNetwork(config, generator: Generator(seed: 1)), lossConfig: Fixtures.lossConfig(), optimizerConfig: oc, shared: Fixtures.shared(unroll: 2, collectionSteps: 100), seed: 1)
    let batch = try Fixtures.batch(config, size: 4, unroll: 2, seed: 1)
    func same(_ a: [(name: String, tensor: Tensor)], _ b: [(name: String, tensor: Tensor)]) throws -> Bool {
      try zip(a, b).allSatisfy { try $0.tensor.isIdentical(to: $1.tensor) }
    }
    func copy(_ net: EfficientZeroNetwork) throws -> [(name: String, tensor: Tensor)] {
      try net.stateDict().map { ($0.name, try $0.tensor.clone()) }
    }
    let initial = try copy(learner.network)
    #expect(try same(learner.target.stateDict(), initial))
    var refreshed: [Bool] = []
    var atFirstRefresh: [(name: String, tensor: Tensor)] = []
    for _ in 0..<6 {
      refreshed.append(try learner.train(on: batch).targetUpdated)
      if learner.step == 3 { atFirstRefresh = try copy(learner.network) }
      if learner.step < 3 { #expect(try same(learner.target.stateDict(), initial)) }
      if learner.step == 3 || learner.step == 4 {
        #expect(try same(learner.target.stateDict(), fresh ? atFirstRefresh : initial), "step \(learner.step)")
      }
    }
    #expect(refreshed == [false, false, true, false, false, true])
    // After the second refresh: the current weights (fresh) or those of the first refresh (reference).
    #expect(try same(learner.target.stateDict(), fresh ? learner.network.stateDict() : atFirstRefresh))
    #expect(try !same(atFirstRefresh, learner.network.stateDict()))
  }

  /// A NaN target poisons the loss: the step is refused with the step and the term named, and the
  /// parameters, the step counter and the target stay as they were.
  @Test func aNonFiniteLossStopsTheStepBeforeTheWeightsChange() throws {
    let config = Fixtures.tinyVectorConfig()
    let learner = try Learner(
      network: EfficientZeroNetwork(config, generator: Generator(seed: 4)), lossConfig: Fixtures.lossConfig(),
      optimizerConfig: OptimizerConfig(), shared: Fixtures.shared(unroll: 2), seed: 1)
    var batch = try Fixtures.batch(config, size: 4, unroll: 2, seed: 2)
    _ = try learner.train(on: batch)
    let before = try learner.network.namedParameters().map { ($0.name, try $0.tensor.clone()) }
    batch.valueTargets[1] = .nan
    #expect { try learner.train(on: batch) } throws: { error in
      "\(error)".contains("training step 2") && "\(error)".contains("the value loss is") && "\(error)".contains("nan") && error is TrainingError
    }
    #expect(learner.step == 1)
    #expect(try zip(before, learner.network.namedParameters()).allSatisfy { try $0.1.isIdentical(to: $1.tensor) })
  }

  @Test func tinyNetworkOverfitsOneBatch() throws {
    Torch.manualSeed(0)
    for config in [Fixtures.tinyVectorConfig(), Fixtures.tinyImageConfig()] {
      var oc = OptimizerConfig()
      oc.learningRate = 0.05
      var lc = Fixtures.lossConfig()
      let shared = Fixtures.shared(unroll: 2, collectionSteps: 10_000)  // warm-up 100 steps
      lc.consistencyCoefficient = 0  // the cosine term is bounded below by -1, not 0
      let learner = try Learner(network: EfficientZeroNetwork(config, generator: Generator(seed: 5)), lossConfig: lc, optimizerConfig: oc, shared: shared, seed: 2)
      var batch = try Fixtures.batch(config, size: 8, unroll: 2, seed: 3)
      // One-hot policy targets so that the minimum of every term is 0.
      batch.policyTargets = (0..<(8 * 3)).flatMap { i in (0..<config.actionCount).map { $0 == i % config.actionCount ? Float(1) : 0 } }
      // Scalars whose h(x) is a whole atom, so that their two-hot targets are one-hot (entropy 0).
      func onAtom(_ x: Float) -> Float { Float(ValueTransform.hInverse(ValueTransform.h(Double(x)).rounded())) }
      batch.valueTargets = batch.valueTargets.map(onAtom)
      batch.valuePrefixTargets = batch.valuePrefixTargets.map(onAtom)
      let first = try learner.train(on: batch).losses.total
      var last = first
      for _ in 0..<300 { last = try learner.train(on: batch).losses.total }
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
