/// The names under which a run's scalars are logged (TensorBoard tags, the `tag` column of
/// scalars.csv / scalars.jsonl): written from the trainer's progress and evaluations, read back by
/// `ezero report`, `ezero ablate` and the charts.
public enum MetricTag {
  public static let learningRate = "train/lr"
  public static let gradientNorm = "train/gradient_norm"
  /// Mean predicted value of the sampled positions (training mode) and mean value target.
  public static let value = "train/value"
  public static let valueTarget = "train/value_target"
  /// Mean raw return of the last 10 self-play episodes.
  public static let episodeReturn = "train/episode_return"
  public static let environmentSteps = "progress/env_steps"
  public static let replayMoves = "progress/replay_moves"
  public static let priorityMean = "replay/priority_mean"
  public static let priorityMax = "replay/priority_max"
  public static let searchDepth = "self_play/search_depth"
  /// Mean entropy (nats) of the network's prior at self-play's roots.
  public static let priorEntropy = "self_play/prior_entropy"
  /// The share of self-play's searched moves that played `action`.
  public static func actionShare(_ action: Int) -> String { "self_play/action_share/\(action)" }
  public static let trainingStepsPerSecond = "speed/train_steps_per_s"
  public static let environmentStepsPerSecond = "speed/env_steps_per_s"
  /// Wall seconds of the interval, and those spent in each phase of the loop within it.
  public static let intervalSeconds = "time/interval_s"
  public static let selfPlaySeconds = "time/self_play_s"
  public static let reanalyzeSeconds = "time/reanalyze_s"
  public static let learnerSeconds = "time/learner_s"
  /// Wall seconds of an evaluation (logged at its training step).
  public static let evaluationSeconds = "eval/seconds"
  public static let evaluationMean = "eval/return_mean"
  public static let evaluationStd = "eval/return_std"
  public static let evaluationHumanNormalized = "eval/human_normalized"
  /// Every loss term: `loss/value_prefix`, `loss/policy`, ... (a chart pattern).
  public static let losses = "loss/*"
  public static func loss(_ term: String) -> String { "loss/\(term)" }
}

extension TrainingProgress {
  /// The interval's scalars by tag. Rates are over the interval's own wall time; the environment
  /// steps per second need the previous report's count.
  public func scalars(previousEnvironmentSteps: Int?) -> [String: Double] {
    var out: [String: Double] = losses.named.reduce(into: [:]) { $0[MetricTag.loss($1.name)] = $1.value }
    out[MetricTag.learningRate] = learningRate
    out[MetricTag.environmentSteps] = Double(environmentSteps)
    out[MetricTag.replayMoves] = Double(replayMoves)
    out[MetricTag.gradientNorm] = gradientNorm
    out[MetricTag.value] = valueMean
    out[MetricTag.valueTarget] = valueTargetMean
    out[MetricTag.priorityMean] = priorityMean
    out[MetricTag.priorityMax] = priorityMax
    out[MetricTag.searchDepth] = searchDepth
    out[MetricTag.intervalSeconds] = intervalSeconds
    out[MetricTag.selfPlaySeconds] = phases.selfPlay
    out[MetricTag.reanalyzeSeconds] = phases.reanalyze
    out[MetricTag.learnerSeconds] = phases.learner
    if intervalSeconds > 0 {
      out[MetricTag.trainingStepsPerSecond] = Double(stepsInInterval) / intervalSeconds
      if let previousEnvironmentSteps {
        out[MetricTag.environmentStepsPerSecond] = Double(environmentSteps - previousEnvironmentSteps) / intervalSeconds
      }
    }
    for (action, share) in moves.actionShares.enumerated() { out[MetricTag.actionShare(action)] = share }
    if let entropy = moves.meanPriorEntropy { out[MetricTag.priorEntropy] = entropy }
    if !recentReturns.isEmpty { out[MetricTag.episodeReturn] = recentReturns.reduce(0, +) / Double(recentReturns.count) }
    return out
  }
}
