import Testing
import Torch
@testable import EfficientZero

/// `fast_inference`: BatchNorms folded into convolutions and oneDNN matrix kernels give the search
/// the standard network's outputs up to rounding, and follow the weights when they change.
@Suite struct FastInferenceTests {
  /// Every weight and statistic drawn at random (a fresh network has identity BatchNorms and zero
  /// last layers, which would hide a wrong fold).
  static func randomized(_ network: EfficientZeroNetwork, seed: UInt64) throws {
    let g = try Generator(seed: seed)
    try Torch.withNoGrad {
      for (name, tensor) in network.stateDict() where tensor.dtype == .float32 {
        let r = try Tensor.rand(tensor.shape, generator: g)
        try tensor.copyInPlace(from: name.hasSuffix("running_var") ? r + 0.5 : (r - 0.5) * 0.6)
      }
    }
    network.eval()
  }

  static func observations(_ config: NetworkConfig, batch: Int) throws -> Tensor {
    switch config.observation {
    case .image(_, let h, let w): return try Tensor.randint(0, 256, [batch, config.inputChannels, h, w], dtype: .uint8)
    case .vector: return try Tensor.rand([batch, config.inputChannels], generator: Generator(seed: 3))
    }
  }

  static func expectClose(_ a: [Float], _ b: [Float], _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(a.count == b.count, sourceLocation: sourceLocation)
    let worst = zip(a, b).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
    #expect(worst < 1e-4, "\(what): largest relative difference \(worst)", sourceLocation: sourceLocation)
  }

  /// Both inferences and two recurrent steps (one with a value-prefix reset) on both networks.
  static func compare(_ standard: EfficientZeroNetwork, _ fast: EfficientZeroNetwork, _ input: Tensor) throws {
    let n = input.size(0)
    let p = try standard.initialInference(input), q = try fast.initialInference(input)
    expectClose(q.values, p.values, "initial values")
    expectClose(q.policyLogits, p.policyLogits, "initial policy logits")
    let actions = (0..<n).map { $0 % standard.config.actionCount }
    let r1 = try standard.recurrentInference(p.latent, actions: actions, rewardState: p.rewardState)
    let s1 = try fast.recurrentInference(q.latent, actions: actions, rewardState: q.rewardState)
    let reset = (0..<n).map { $0 % 2 == 0 }
    let r2 = try standard.recurrentInference(r1.latent, actions: actions.reversed(), rewardState: r1.rewardState, resetRewardState: reset)
    let s2 = try fast.recurrentInference(s1.latent, actions: actions.reversed(), rewardState: s1.rewardState, resetRewardState: reset)
    for (r, s, step) in [(r1, s1, 1), (r2, s2, 2)] {
      expectClose(s.valuePrefixes, r.valuePrefixes, "value prefixes, step \(step)")
      expectClose(s.values, r.values, "values, step \(step)")
      expectClose(s.policyLogits, r.policyLogits, "policy logits, step \(step)")
    }
  }

  @Test(arguments: [false, true])
  func fastInferenceGivesTheStandardOutputs(channelsLast: Bool) throws {
    for config in [Fixtures.tinyImageConfig(), Fixtures.tinyVectorConfig(), Fixtures.tinyImageConfig(rewardModel: .reward)] {
      let standard = try EfficientZeroNetwork(config)
      try Self.randomized(standard, seed: 1)
      if channelsLast { try standard.useChannelsLast() }
      let fast = try EfficientZeroNetwork(config)
      try fast.useFastInference()
      try fast.place(like: standard)
      try fast.copyState(from: standard)
      fast.eval()
      try Self.compare(standard, fast, Self.observations(config, batch: 6))
    }
  }

  @Test func copiesPlacedLikeAFastNetworkAreFast() throws {
    let config = Fixtures.tinyImageConfig()
    let fast = try EfficientZeroNetwork(config)
    try fast.useFastInference()
    let copy = try EfficientZeroNetwork(config)
    try copy.place(like: fast)
    #expect(copy.usesFastInference)
  }

  /// The folds are made at the first inference after the weights change, so a network that loads
  /// new weights (a refreshed self-play or target copy) infers with them.
  @Test func aFastNetworkPreparesAgainWhenItsWeightsChange() throws {
    let config = Fixtures.tinyImageConfig()
    let fast = try EfficientZeroNetwork(config)
    try fast.useFastInference()
    try Self.randomized(fast, seed: 2)
    let stem = try #require(fast.representation as? RepresentationNetwork)
    #expect(!stem.conv.hasCurrentFold(of: stem.bn))
    let input = try Self.observations(config, batch: 4)
    _ = try fast.initialInference(input)
    #expect(stem.conv.hasCurrentFold(of: stem.bn))

    let other = try EfficientZeroNetwork(config)
    try Self.randomized(other, seed: 3)
    try fast.copyState(from: other)
    #expect(!stem.conv.hasCurrentFold(of: stem.bn))
    try Self.compare(other, fast, input)
    #expect(stem.conv.hasCurrentFold(of: stem.bn))
  }

  @Test func aStandardNetworkPreparesNothing() throws {
    let config = Fixtures.tinyImageConfig()
    let network = try EfficientZeroNetwork(config)
    try Self.randomized(network, seed: 4)
    _ = try network.initialInference(Self.observations(config, batch: 2))
    let stem = try #require(network.representation as? RepresentationNetwork)
    #expect(!network.usesFastInference && !stem.conv.hasCurrentFold(of: stem.bn))
  }
}

/// `amp`: mixed precision (bfloat16 on the CPU) in inference and in a learner step.
@Suite struct MixedPrecisionNetworkTests {
  @Test func inferenceInMixedPrecisionHandsTheSearchFloat32CloseToFullPrecision() throws {
    let config = Fixtures.tinyImageConfig()
    let full = try EfficientZeroNetwork(config)
    try FastInferenceTests.randomized(full, seed: 5)
    let mixed = try EfficientZeroNetwork(config)
    mixed.useMixedPrecision()
    try mixed.copyState(from: full)
    mixed.eval()
    let copy = try EfficientZeroNetwork(config)
    try copy.place(like: mixed)
    #expect(copy.usesMixedPrecision)
    let input = try FastInferenceTests.observations(config, batch: 4)
    let p = try full.initialInference(input), q = try mixed.initialInference(input)
    #expect(q.latent.dtype == .float32)
    let r = try full.recurrentInference(p.latent, actions: [0, 1, 2, 3], rewardState: p.rewardState)
    let s = try mixed.recurrentInference(q.latent, actions: [0, 1, 2, 3], rewardState: q.rewardState)
    #expect(s.latent.dtype == .float32 && s.rewardState?.h.dtype == .float32 && s.rewardState?.c.dtype == .float32)
    // bfloat16 keeps 8 bits of mantissa: agreement to a few percent of the values' scale.
    let scale = max(1, (p.values + r.values + r.valuePrefixes).map(abs).max() ?? 1)
    for (a, b) in zip(q.values + s.values + s.valuePrefixes, p.values + r.values + r.valuePrefixes) {
      #expect(abs(a - b) < 0.1 * scale, "\(a) vs \(b)")
    }
  }

  @Test func aMixedPrecisionLearnerStepIsCloseToTheFullPrecisionOne() throws {
    let config = Fixtures.tinyImageConfig()
    let batch = try Fixtures.batch(config, size: 8, unroll: 2, seed: 6)
    var reports: [LearnerStepReport] = []
    var gradients: [[Float]] = []
    for amp in [false, true] {
      let network = try EfficientZeroNetwork(config, generator: Generator(seed: 7))
      try FastInferenceTests.randomized(network, seed: 8)
      if amp { network.useMixedPrecision() }
      let learner = try Learner(network: network, lossConfig: Fixtures.lossConfig(), optimizerConfig: OptimizerConfig(), shared: Fixtures.shared(unroll: 2), seed: 0)
      #expect((learner.gradScaler != nil) == amp)
      reports.append(try learner.train(on: batch))
      // The gradients the step used (unscaled, clipped), all parameters end to end.
      gradients.append(try network.parameters().flatMap { p throws in try p.grad.map { try $0.reshape([-1]).toArray(Float.self) } ?? [] })
    }
    let (full, mixed) = (reports[0], reports[1])
    #expect(!mixed.updateSkipped && mixed.losses.total.isFinite && mixed.gradientNorm.isFinite)
    #expect(abs(mixed.losses.total - full.losses.total) < 0.02 * abs(full.losses.total), "\(mixed.losses.total) vs \(full.losses.total)")
    #expect(abs(mixed.gradientNorm - full.gradientNorm) < 0.25 * full.gradientNorm, "\(mixed.gradientNorm) vs \(full.gradientNorm)")
    #expect(gradients[0].count == gradients[1].count)
    let dot = zip(gradients[0], gradients[1]).map { Double($0) * Double($1) }.reduce(0, +)
    let norms = gradients.map { $0.map { Double($0) * Double($0) }.reduce(0, +).squareRoot() }
    #expect(dot / (norms[0] * norms[1]) > 0.9, "cosine between the two steps' gradients: \(dot / (norms[0] * norms[1]))")
  }
}
