import Environments
import Search
import Testing
import Torch
@testable import EfficientZero

struct EvaluationProtocolTests {
  @Test func searchHasNoNoiseAndPicksTheMostVisitedAction() {
    var search = Preset.atari100k.config.search
    #expect(search.rootNoise != nil)
    search.temperature = 1
    let evaluation = Evaluation.protocolSearch(search)
    #expect(evaluation.rootNoise == nil)
    #expect(evaluation.temperature == 0)
    #expect(evaluation.simulations == search.simulations)
  }

  @Test func episodeIStartsFromSeedOffsetPlusI() throws {
    Torch.threads = 1
    var config = Preset.tinyCartpole.config
    try EnvironmentChoice.cartPole.adapt(&config)
    let network = try EfficientZeroNetwork(config.network, generator: Generator(seed: 3))
    network.eval()
    var firstObservations: [Int: [Float]] = [:]
    let returns = try Evaluation.run(
      network: network, search: config.search, episodes: 3, seedOffset: 40,
      makeEnvironment: { _ in CartPole(seed: 999) },
      observe: { episode, step, observation in if step == 0 { firstObservations[episode] = observation } })
    for i in 0..<3 {
      var reference = CartPole(seed: 0)
      #expect(firstObservations[i] == (try reference.reset(seed: 40 + UInt64(i))), "episode \(i)")
    }
    // No noise and arg-max actions: the same model plays the same episodes again.
    let again = try Evaluation.run(
      network: network, search: config.search, episodes: 3, seedOffset: 40, makeEnvironment: { _ in CartPole(seed: 5) })
    #expect(returns == again)
    #expect(returns.allSatisfy { $0 >= 1 })
  }
}
