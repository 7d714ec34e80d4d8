import Environments
import Foundation
import Torch

/// A uniformly random policy played in the harness of a run's final evaluation (its episodes,
/// environments and seeds): the floor every learning curve is read against.
public struct RandomPolicyBaseline: EnvironmentVisitor {
  public let episodes: Int
  /// Nil: whole games, as the final evaluation.
  public let maxSteps: Int?

  public init(episodes: Int, maxSteps: Int? = nil) {
    self.episodes = episodes
    self.maxSteps = maxSteps
  }

  public func visit<Env: Environment>(
    training: @escaping (Int) throws -> Env, evaluation: @escaping (Int) throws -> Env
  ) throws -> [Double] where Env.Scalar: TensorElement {
    try Evaluation.randomPolicy(episodes: episodes, seedOffset: 0, maxSteps: maxSteps, makeEnvironment: evaluation)
  }

  /// The random policy's report for `config`'s environment, as its final evaluation would play it.
  public static func report(for config: TrainingConfig) throws -> EvaluationReport {
    let returns = try EnvironmentChoice(name: config.environment).dispatch(
      config, RandomPolicyBaseline(episodes: max(1, config.evaluationEpisodes)))
    return EvaluationReport(environment: config.environment, trainingStep: 0, environmentSteps: 0, seedOffset: 0, returns: returns)
  }
}
