import Environments
import Search
import Torch

/// One episode played by a trained model, kept whole for the analyses: observation i (a network
/// input, flat), the action taken at it and the training reward that followed.
public struct RecordedEpisode<Scalar: TensorElement>: Sendable {
  /// Shape of one observation, e.g. [channels x stack, height, width].
  public var observationShape: [Int]
  /// moves + 1 observations.
  public var observations: [[Scalar]]
  public var actions: [Int]
  /// Training rewards (clipped where training clips them): what the model learned to predict.
  public var rewards: [Float]
  /// The episode reached a terminal state (not cut by a time limit or the step cap).
  public var terminated: Bool

  public var moves: Int { actions.count }

  /// Plays `episodes` episodes with the evaluation protocol's search (no noise, arg-max), episode i
  /// from seed `seedOffset + i` in `makeEnvironment(i)`, each cut at `maxSteps` moves.
  public static func play<Env: Environment>(
    network: EfficientZeroNetwork, search: SearchConfig, episodes: Int, seedOffset: UInt64 = 0,
    maxSteps: Int, makeEnvironment: (Int) throws -> Env
  ) throws -> [RecordedEpisode<Env.Scalar>] where Env.Scalar == Scalar {
    var recorded: [RecordedEpisode<Scalar>] = []
    var shape: [Int] = []
    _ = try Evaluation.run(
      network: network, search: search, episodes: episodes, seedOffset: seedOffset, maxSteps: maxSteps,
      makeEnvironment: { i in
        let environment = try makeEnvironment(i)
        shape = environment.observationSpec.shape
        return environment
      },
      observe: { episode, _, observation in
        while recorded.count <= episode {
          recorded.append(RecordedEpisode(observationShape: shape, observations: [], actions: [], rewards: [], terminated: false))
        }
        recorded[episode].observations.append(observation)
      },
      onStep: { episode, action, result in
        recorded[episode].actions.append(action)
        recorded[episode].rewards.append(Float(result.reward))
        recorded[episode].terminated = result.terminated
      })
    return recorded
  }

  /// The share of moves that took each of `actionCount` actions, over `episodes`: a collapsed policy
  /// shows as one action taking most moves.
  public static func actionShares(_ episodes: [RecordedEpisode], actionCount: Int) -> [Double] {
    var counts = [Int](repeating: 0, count: actionCount)
    for episode in episodes { for a in episode.actions where a >= 0 && a < actionCount { counts[a] += 1 } }
    let total = max(1, counts.reduce(0, +))
    return counts.map { Double($0) / Double(total) }
  }

  /// Observations `positions` as one network input batch.
  func batch(_ positions: [Int]) throws(TorchError) -> Tensor {
    try Self.batch(positions.map { (self, $0) })
  }

  /// Observation t of each (episode, t), from episodes of one observation shape, as one batch.
  static func batch(_ items: [(RecordedEpisode, Int)]) throws(TorchError) -> Tensor {
    guard let shape = items.first?.0.observationShape else { throw TorchError("an empty batch of observations") }
    var flat: [Scalar] = []
    flat.reserveCapacity(items.count * shape.reduce(1, *))
    for (episode, t) in items { flat.append(contentsOf: episode.observations[t]) }
    return try Tensor(flat, shape: [items.count] + shape)
  }
}
