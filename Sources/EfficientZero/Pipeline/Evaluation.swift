import Environments
import Search
import Torch

/// The paper's evaluation protocol (App. A.5): episodes with seeds 0 ..< n, action = arg-max of the
/// visit counts, no root noise, evaluation environments (no episodic life, raw rewards).
public enum Evaluation {
  /// The search settings of evaluation: no root noise, actions by arg-max of the visit counts.
  public static func protocolSearch(_ search: SearchConfiguration) -> SearchConfiguration {
    var configuration = search
    configuration.rootNoise = nil
    configuration.temperature = 0
    return configuration
  }

  /// Raw returns of `episodes` episodes played by `network` with `search` (noise removed, T = 0);
  /// episode i starts from seed `seedOffset + i`. `observe` sees every observation (episode, step, observation).
  public static func run<Env: Environment>(
    network: EfficientZeroNetwork, search: SearchConfiguration, episodes: Int, seedOffset: UInt64 = 0,
    makeEnvironment: (Int) throws -> Env, observe: ((Int, Int, [Env.Scalar]) throws -> Void)? = nil
  ) throws -> [Double] where Env.Scalar: TensorElement {
    guard episodes > 0 else { return [] }
    var searcher = NetworkSearcher(network: network, configuration: protocolSearch(search))
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
      let (output, _) = try searcher.run(observations: obs, seed: 0x6576_616c &+ step)
      step += 1
      var stillActive: [Int] = []
      for (row, i) in active.enumerated() {
        let (next, result) = try environments[i].step(output.actions[row])
        returns[i] += result.info.rawReward
        observations[i] = next
        try observe?(i, Int(step), next)
        if !result.done { stillActive.append(i) }
      }
      active = stillActive
    }
    return returns
  }
}
