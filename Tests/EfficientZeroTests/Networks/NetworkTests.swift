import Testing
import Torch
@testable import EfficientZero

@Suite struct NetworkTests {
  @Test func atariNetworkShapes() throws {
    var config = NetworkConfig()  // App. A.1 sizes
    config.actionCount = 6
    let net = try EfficientZeroNetwork(config, generator: Generator(seed: 0))
    net.eval()
    let obs = try Tensor.randint(0, 256, [2, 12, 96, 96], dtype: .uint8)
    let out = try net.initialInference(obs)
    #expect(out.latent.shape == [2, 64, 6, 6])
    #expect(out.policyLogits.count == 2 * 6)
    let rec = try net.recurrentInference(out.latent, actions: [1, 5], rewardState: out.rewardState)
    #expect(rec.latent.shape == [2, 64, 6, 6])
    #expect(rec.rewardState?.h.shape == [2, 512])
    #expect(rec.valuePrefixes.count == 2 && rec.values.count == 2)
    // The dynamics conv sees 65 planes; the projection maps 64*6*6 to 1024.
    let names = Dictionary(net.namedParameters().map { ($0.name, $0.tensor.shape) }, uniquingKeysWith: { a, _ in a })
    #expect(names["dynamics.conv.weight"] == [64, 65, 3, 3])
    #expect(names["rewardHead.lstm.weight_ih"] == [2048, 16 * 36])
    #expect(names["rewardHead.fc.output.weight"] == [601, 32])
    #expect(names["projection.proj1.weight"] == [1024, 2304])
    #expect(names["projection.pred2.weight"] == [1024, 512])
    #expect(names["representation.conv.weight"] == [32, 12, 3, 3])
  }

  @Test func vectorNetworkShapes() throws {
    let config = Fixtures.tinyVectorConfig()
    let net = try EfficientZeroNetwork(config, generator: Generator(seed: 0))
    net.eval()
    let out = try net.initialInference(Tensor.randn([3, 8]))
    #expect(out.latent.shape == [3, 16])
    let rec = try net.recurrentInference(out.latent, actions: [0, 1, 1], rewardState: out.rewardState)
    #expect(rec.latent.shape == [3, 16])
    #expect(rec.policyLogits.count == 6)
  }

  @Test func zeroInitialisedHeadsPredictTheSupportCentre() throws {
    for config in [Fixtures.tinyImageConfig(), Fixtures.tinyVectorConfig(), Fixtures.tinyImageConfig(rewardModel: .reward)] {
      let net = try EfficientZeroNetwork(config, generator: Generator(seed: 4))
      net.eval()
      let obs: Tensor =
        if case .image = config.observation { try Tensor.randint(0, 256, [5, 6, 16, 16], dtype: .uint8) } else { try Tensor.randn([5, 8]) }
      let out = try net.initialInference(obs)
      #expect(out.values == [Float](repeating: 0, count: 5))
      #expect(out.policyLogits.allSatisfy { $0 == 0 })
      let rec = try net.recurrentInference(out.latent, actions: [0, 1, 0, 1, 0], rewardState: out.rewardState)
      #expect(rec.valuePrefixes == [Float](repeating: 0, count: 5))
      #expect(rec.values == [Float](repeating: 0, count: 5))
    }
  }

  @Test func resetRowsRestartTheValuePrefixState() throws {
    let net = try EfficientZeroNetwork(Fixtures.tinyImageConfig(), generator: Generator(seed: 2))
    net.eval()
    let obs = try Tensor.randint(0, 256, [2, 6, 16, 16], dtype: .uint8)
    let first = try net.initialInference(obs)
    let step1 = try net.recurrentInference(first.latent, actions: [1, 2], rewardState: first.rewardState)
    // Row 0 reset, row 1 carried: row 0 must equal a step from a fresh zero state.
    let carried = try net.recurrentInference(step1.latent, actions: [3, 3], rewardState: step1.rewardState, resetRewardState: [true, false])
    let fresh = try net.recurrentInference(step1.latent, actions: [3, 3], rewardState: nil)
    let kept = try net.recurrentInference(step1.latent, actions: [3, 3], rewardState: step1.rewardState)
    let hCarried = try carried.rewardState!.h.toArray(Float.self)
    let hFresh = try fresh.rewardState!.h.toArray(Float.self)
    let hKept = try kept.rewardState!.h.toArray(Float.self)
    #expect(Array(hCarried[0..<16]) == Array(hFresh[0..<16]))
    #expect(Array(hCarried[16..<32]) == Array(hKept[16..<32]))
    #expect(Array(hFresh[16..<32]) != Array(hKept[16..<32]))
  }

  @Test func invalidConfigsAreRejected() {
    var c = Fixtures.tinyImageConfig()
    c.channels = 7
    #expect(throws: ConfigError.self) { try EfficientZeroNetwork(c) }
    c = Fixtures.tinyImageConfig()
    c.supportSize = 0
    #expect(throws: ConfigError.self) { try EfficientZeroNetwork(c) }
  }

  /// Image observations enter as x / 255 in float, in the network's layout (bit for bit the plain
  /// conversion, whichever layout).
  @Test(arguments: [false, true])
  func imageInputsAreTheObservationsOver255(channelsLast: Bool) throws {
    let network = try EfficientZeroNetwork(Fixtures.tinyImageConfig())
    if channelsLast { try network.useChannelsLast() }
    let observations = try Tensor.randint(0, 256, [3, 6, 16, 16], dtype: .uint8)
    let input = try network.prepare(observations)
    #expect(input.dtype == .float32 && input.isChannelsLast == channelsLast)
    #expect(try input.contiguous().isIdentical(to: observations.to(.float32) / 255))
  }
}
