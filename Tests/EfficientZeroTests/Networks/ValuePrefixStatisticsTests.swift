import Testing
import Torch
@testable import EfficientZero
@testable import Search

/// The value-prefix head with BatchNorm statistics per LSTM step (`value_prefix_norm_steps`): every
/// path (learner unroll, inference, the search's slot buffers) must hand each row its own step.
struct ValuePrefixStatisticsTests {
  /// A network whose per-step statistics differ, so that a row normalised with another step's shows.
  static func network(steps: Int) throws -> EfficientZeroNetwork {
    var config = Fixtures.tinyImageConfig()
    config.valuePrefixNormSteps = steps
    let network = try EfficientZeroNetwork(config, generator: Generator(seed: 9))
    let bn = try #require((network.rewardHead as? ValuePrefixHead)?.bnValuePrefixSteps)
    let rows = try (0..<steps).map { s in try Tensor.ones([config.lstmHiddenSize]) * (0.3 * Double(s) - 0.2) }
    try bn.runningMean.copyInPlace(from: Tensor.stack(rows))
    // The last layer starts at zero; give the head an output that depends on its input.
    for p in network.rewardHead.parameters() { try p.detached().addInPlace(Tensor.randn(p.shape, generator: Generator(seed: 2)) * 0.3) }
    network.eval()
    return network
  }

  @Test func inferenceCountsStepsAndResetsThem() throws {
    let network = try Self.network(steps: 3)
    let obs = try Tensor.randint(0, 256, [2, 6, 16, 16], dtype: .uint8, generator: Generator(seed: 1))
    let initial = try network.initialInference(obs)
    #expect(initial.rewardState?.stepsSinceReset == [0, 0])
    let first = try network.recurrentInference(initial.latent, actions: [0, 1], rewardState: initial.rewardState)
    #expect(first.rewardState?.stepsSinceReset == [1, 1])
    let second = try network.recurrentInference(
      first.latent, actions: [2, 3], rewardState: first.rewardState, resetRewardState: [true, false])
    #expect(second.rewardState?.stepsSinceReset == [1, 2])
    // A reset row is the first step again: the same prediction as from a fresh state.
    let fresh = try network.recurrentInference(first.latent, actions: [2, 3], rewardState: network.rewardHead.initialState(batch: 2))
    #expect(second.valuePrefixes[0] == fresh.valuePrefixes[0])
    #expect(second.valuePrefixes[1] != fresh.valuePrefixes[1])
  }

  /// The search's model keeps states in slots; its value prefixes equal the same paths unrolled by hand.
  @Test func searchModelGivesEachSlotItsStep() throws {
    let network = try Self.network(steps: 3)
    let obs = try Tensor.randint(0, 256, [2, 6, 16, 16], dtype: .uint8, generator: Generator(seed: 5))
    let initial = try network.initialInference(obs)
    var model = try NetworkSearchModel(network: network, roots: initial, simulations: 3)
    // (new slot, parent slot per root, action per root, reset per root)
    let expansions: [(Int, [Int], [Int], [Bool])] = [
      (1, [0, 0], [0, 1], [false, false]),
      (2, [1, 0], [2, 3], [false, false]),
      (3, [2, 2], [1, 0], [true, false]),
    ]
    // By hand: each slot's (latent, state) per root.
    var latents: [[Int: Tensor]] = try [[0: initial.latent.slice(dim: 0, start: 0, end: 1)], [0: initial.latent.slice(dim: 0, start: 1, end: 2)]]
    var states: [[Int: RewardState]] = [[0: try network.rewardHead.initialState(batch: 1)!], [0: try network.rewardHead.initialState(batch: 1)!]]
    for (slot, parents, actions, resets) in expansions {
      var leaves = LeafBatch(count: 2, actionCount: 4)
      leaves.newSlot = slot
      leaves.parentSlots = parents
      leaves.actions = actions
      leaves.resetsValuePrefix = resets
      var evaluations = LeafEvaluations(count: 2, actionCount: 4)
      try model.recurrent(leaves, into: &evaluations)
      for root in 0..<2 {
        let out = try network.recurrentInference(
          latents[root][parents[root]]!, actions: [actions[root]], rewardState: states[root][parents[root]],
          resetRewardState: [resets[root]])
        latents[root][slot] = out.latent
        states[root][slot] = out.rewardState
        #expect(abs(evaluations.valuePrefixes[root] - out.valuePrefixes[0]) < 1e-5, "slot \(slot) root \(root)")
      }
    }
    #expect(states[0][3]?.stepsSinceReset == [1] && states[1][3]?.stepsSinceReset == [2])
  }

  /// The learner's unroll trains each step's statistics with that step's batch.
  @Test func lossUpdatesEveryStepsStatistics() throws {
    var config = Fixtures.tinyImageConfig()
    config.valuePrefixNormSteps = 5
    let network = try EfficientZeroNetwork(config, generator: Generator(seed: 3))
    network.train()
    let loss = LossConfig()
    let shared = Fixtures.shared(unroll: 5)
    let batch = try Fixtures.batch(config, size: 4, unroll: 5, seed: 2)
    _ = try network.loss(batch, config: loss, shared: shared)
    let bn = try #require((network.rewardHead as? ValuePrefixHead)?.bnValuePrefixSteps)
    let means = try bn.runningMean.toArray(Float.self)
    let width = config.lstmHiddenSize
    for s in 0..<5 { #expect(means[(s * width)..<((s + 1) * width)].contains { $0 != 0 }, "step \(s)") }
    #expect(try bn.numBatchesTracked.item() == 5)
  }
}
