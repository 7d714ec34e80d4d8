import Environments
import Search
import Testing
import Torch
@testable import EfficientZero

struct EvaluationProtocolTests {
  @Test func searchHasNoNoiseAndPicksTheMostVisitedAction() {
    func puct(_ search: SearchConfig) -> PUCTSettings? {
      if case .puct(let settings) = search.algorithm { return settings }
      return nil
    }
    let search = Preset.atari100k.config.searchConfiguration.withTemperature(1)
    #expect(search.exploresAtRoot && puct(search)?.rootNoise == .efficientZero)
    let evaluation = Evaluation.protocolSearch(search)
    #expect(!evaluation.exploresAtRoot && puct(evaluation)?.rootNoise == nil)
    #expect(puct(evaluation)?.temperature == 0)
    #expect(evaluation.simulations == search.simulations)
    // The diagnostic that samples the actions keeps the rest of the protocol.
    let sampled = Evaluation.protocolSearch(search, temperature: 0.5)
    #expect(puct(sampled)?.temperature == 0.5 && puct(sampled)?.rootNoise == nil)
  }

  /// The Gumbel search evaluates without its Gumbel draws; its other settings stay.
  @Test func gumbelEvaluationDrawsNothing() throws {
    let search = Preset.cartpole.config.searchConfiguration
    guard case .gumbel(let training) = search.algorithm else { Issue.record("cartpole searches with Gumbel"); return }
    #expect(training.drawsGumbel)
    let evaluation = Evaluation.protocolSearch(search)
    guard case .gumbel(let settings) = evaluation.algorithm else { Issue.record("still Gumbel"); return }
    #expect(!settings.drawsGumbel && settings.maxConsideredActions == training.maxConsideredActions)
    #expect(evaluation.qNormalisation == .mctx)
  }

  @Test func episodeIStartsFromSeedOffsetPlusI() throws {
    Torch.threads = 1
    var config = Preset.tinyCartpole.config
    try EnvironmentChoice.cartPole.adapt(&config)
    let network = try EfficientZeroNetwork(config.network, generator: Generator(seed: 3))
    network.eval()
    var firstObservations: [Int: [Float]] = [:]
    let returns = try Evaluation.run(
      network: network, search: config.searchConfiguration, episodes: 3, seedOffset: 40,
      makeEnvironment: { _ in CartPole(seed: 999) },
      observe: { episode, step, observation in if step == 0 { firstObservations[episode] = observation } })
    for i in 0..<3 {
      var reference = CartPole(seed: 0)
      #expect(firstObservations[i] == (try reference.reset(seed: 40 + UInt64(i))), "episode \(i)")
    }
    // No noise and arg-max actions: the same model plays the same episodes again.
    let again = try Evaluation.run(
      network: network, search: config.searchConfiguration, episodes: 3, seedOffset: 40, makeEnvironment: { _ in CartPole(seed: 5) })
    #expect(returns == again)
    #expect(returns.allSatisfy { $0 >= 1 })
  }

  /// Periodic evaluations cut episodes at `evaluation_max_steps` (the reference's test_max_moves);
  /// CartPole pays 1 per step, so a cut episode returns exactly the cap.
  @Test func periodicEvaluationsStopAtTheirCap() throws {
    Torch.threads = 1
    var config = Preset.tinyCartpole.config
    try EnvironmentChoice.cartPole.adapt(&config)
    let network = try EfficientZeroNetwork(config.network, generator: Generator(seed: 3))
    network.eval()
    let whole = try Evaluation.run(
      network: network, search: config.searchConfiguration, episodes: 2, makeEnvironment: { _ in CartPole(seed: 0) })
    let cut = try Evaluation.run(
      network: network, search: config.searchConfiguration, episodes: 2, maxSteps: 4, makeEnvironment: { _ in CartPole(seed: 0) })
    #expect(cut == whole.map { Swift.min($0, 4) })
    let random = try Evaluation.randomPolicy(episodes: 3, maxSteps: 3, makeEnvironment: { _ in CartPole(seed: 0) })
    #expect(random == [3, 3, 3])
    let longer = try Evaluation.randomPolicy(episodes: 20, makeEnvironment: { _ in CartPole(seed: 0) })
    // A uniformly random CartPole policy lasts ~22 steps on average; never the 500-step limit.
    #expect(longer.allSatisfy { $0 >= 8 && $0 < 500 })
  }

  @Test func atariCPUReadsItsObservationSizeFromTheEnvironment() throws {
    var config = Preset.atariCPU.config
    try EnvironmentChoice(name: "Breakout").adapt(&config)
    #expect(config.network.observation == .image(channels: 1, height: 64, width: 64))
    #expect(config.network.stackedFrames == 4 && config.network.actionCount == 4)
    var paper = Preset.atari100k.config
    try paper.set("observation_size", to: "84")
    try EnvironmentChoice(name: "Breakout").adapt(&paper)
    #expect(paper.network.observation == .image(channels: 3, height: 84, width: 84))
    #expect(throws: ConfigError.self) { try paper.set("observation_size", to: "big") }
  }
}
