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
