import Environments
import Search
import Torch

/// The paper's evaluation protocol (App. A.5): episodes with seeds 0 ..< n, action = arg-max of the
/// visit counts, no root noise, evaluation environments (no episodic life, raw rewards).
public enum Evaluation {
  /// The search settings of evaluation: no root noise, actions by arg-max of the visit counts
  /// (`temperature` > 0 samples them from N^(1/T) instead: a diagnostic, not the protocol).
  public static func protocolSearch(_ search: SearchConfig, temperature: Float = 0) -> SearchConfig {
    var configuration = search.withTemperature(temperature)
    configuration.exploresAtRoot = false
    return configuration
  }

  /// Raw returns of `episodes` episodes played by `network` with `search` (noise removed, T = 0);
  /// episode i starts from seed `seedOffset + i`; `maxSteps` (agent steps) cuts longer episodes, as the
  /// reference's in-training tests do. `observe` sees every observation (episode, step, observation);
  /// `onStep` every move (episode, action, what the environment returned).
  public static func run<Env: Environment>(
    network: EfficientZeroNetwork, search: SearchConfig, episodes: Int, seedOffset: UInt64 = 0,
    maxSteps: Int? = nil, temperature: Float = 0, makeEnvironment: (Int) throws -> Env,
    observe: ((Int, Int, [Env.Scalar]) throws -> Void)? = nil, onStep: ((Int, Int, StepResult) throws -> Void)? = nil
  ) throws -> [Double] where Env.Scalar: TensorElement {
    guard episodes > 0 else { return [] }
    var searcher = NetworkSearcher(network: network, configuration: protocolSearch(search, temperature: temperature))
    var environments = try (0..<episodes).map { try makeEnvironment($0) }
    let spec = environments[0].observationSpec
    var observations = [[Env.Scalar]](repeating: [], count: episodes)
    for i in 0..<episodes {
      observations[i] = try environments[i].reset(seed: seedOffset + UInt64(i))
      try observe?(i, 0, observations[i])
    }
    var returns = [Double](repeating: 0, count: episodes)
    var active = Array(0..<episodes)
    var step: UInt64 = 0
    while !active.isEmpty {
      let flat = active.flatMap { observations[$0] }
      let obs = try Tensor(flat, shape: [active.count] + spec.shape)
      let (output, _, _) = try searcher.run(observations: obs, seed: RunSeeds.Stream.evaluationSearch &+ step)
      step += 1
      var stillActive: [Int] = []
      for (row, i) in active.enumerated() {
        let (next, result) = try environments[i].step(output.actions[row])
        returns[i] += result.info.rawReward
        try onStep?(i, output.actions[row], result)
        observations[i] = next
        try observe?(i, Int(step), next)
        if !result.done && Int(step) < (maxSteps ?? Int.max) { stillActive.append(i) }
      }
      active = stillActive
    }
    return returns
  }

  /// Raw returns of a uniformly random policy in the same harness (episode i from seed `seedOffset + i`,
  /// cut at `maxSteps` agent steps): the baseline a learning curve is read against.
  public static func randomPolicy<Env: Environment>(
    episodes: Int, seedOffset: UInt64 = 0, maxSteps: Int? = nil, makeEnvironment: (Int) throws -> Env
  ) throws -> [Double] {
    var returns: [Double] = []
    for i in 0..<episodes {
      var environment = try makeEnvironment(i)
      _ = try environment.reset(seed: seedOffset + UInt64(i))
      var random = SearchRandom(seed: seedOffset + UInt64(i), stream: RunSeeds.Stream.randomPolicy)
      var total = 0.0
      var steps = 0
      while steps < (maxSteps ?? Int.max) {
        let (_, result) = try environment.step(random.below(environment.actionSpace.count))
        total += result.info.rawReward
        steps += 1
        if result.done { break }
      }
      returns.append(total)
    }
    return returns
  }
}
