import Foundation
import Torch

/// The model's prediction errors along an unroll (the quantities of the paper's Fig. 5), measured on
/// episodes it did not train on: from each position t, the representation of o_t is unrolled with
/// the actions taken, a_t ... a_{t+k-1}, and its predictions are compared with what happened.
public struct PredictionErrors: Sendable, Equatable {
  public struct Row: Sendable, Equatable {
    /// k: 0 is the initial inference, k >= 1 the k-th dynamics step.
    public var unrollStep: Int
    /// Positions measured at this k.
    public var positions: Int
    /// Mean |predicted - true| of the value prefix (or per-step reward) after k steps; nil at k = 0.
    public var rewardError: Double?
    /// Mean predicted and mean true value prefix (reward): the bias behind the error; nil at k = 0.
    public var meanRewardPrediction: Double?
    public var meanRewardTruth: Double?
    /// Mean predicted value prefix (reward) where the true one is negative / positive: a wrong sign
    /// or a missing side shows here even when the mean error looks small.
    public var meanPredictionWhereNegative: Double?
    public var meanPredictionWherePositive: Double?
    public var negativeCount: Int
    public var positiveCount: Int
    /// Mean |v_k - G_{t+k}| over the positions whose discounted return is known (`valuePositions`).
    public var valueError: Double?
    public var valuePositions: Int
    /// Mean predicted value and mean G over the same positions: the bias behind the error.
    public var meanValue: Double?
    public var meanReturn: Double?
  }

  public var rows: [Row]

  /// Errors over every position t of `episodes` whose unroll of `unrollSteps` actions stays inside
  /// its episode. The value-prefix truth resets every `lstmHorizon` steps as the training targets do;
  /// with `perStepRewards` it is the single reward r_{t+k-1}. The value truth at s = t + k is the
  /// discounted return of the training rewards, G_s = sum_i gamma^i r_{s+i}, known where the episode
  /// terminated or where the moves left after s carry all but 1% of the weight (gamma^n <= 0.01).
  public static func measure<Scalar: TensorElement>(
    network: EfficientZeroNetwork, episodes: [RecordedEpisode<Scalar>], unrollSteps: Int, lstmHorizon: Int,
    perStepRewards: Bool, discount: Double, chunk: Int = 128
  ) throws -> PredictionErrors {
    precondition(unrollSteps >= 1 && lstmHorizon >= 1 && chunk >= 1)
    var sums = [Accumulator](repeating: Accumulator(), count: unrollSteps + 1)
    let tail = knownReturnTail(discount: discount)
    network.eval()
    for episode in episodes where episode.moves >= unrollSteps {
      let returns = discountedReturns(episode.rewards, discount: discount)
      let positions = Array(0...(episode.moves - unrollSteps))
      for start in stride(from: 0, to: positions.count, by: chunk) {
        let rows = Array(positions[start..<min(start + chunk, positions.count)])
        let initial = try network.initialInference(episode.batch(rows))
        var latent = initial.latent
        var state = initial.rewardState
        func addValues(_ values: [Float], k: Int) {
          for (i, t) in rows.enumerated() where episode.terminated || episode.moves - (t + k) >= tail {
            sums[k].addValue(predicted: Double(values[i]), truth: returns[t + k])
          }
        }
        sums[0].positions += rows.count
        addValues(initial.values, k: 0)
        for k in 1...unrollSteps {
          let reset = k > 1 && (k - 1) % lstmHorizon == 0
          let out = try network.recurrentInference(
            latent, actions: rows.map { episode.actions[$0 + k - 1] }, rewardState: state,
            resetRewardState: reset ? [Bool](repeating: true, count: rows.count) : nil)
          latent = out.latent
          state = out.rewardState
          for (i, t) in rows.enumerated() {
            let truth = trueRewardTarget(episode.rewards, position: t, step: k, horizon: lstmHorizon, perStep: perStepRewards)
            sums[k].addReward(predicted: Double(out.valuePrefixes[i]), truth: truth)
          }
          addValues(out.values, k: k)
        }
      }
    }
    return PredictionErrors(rows: sums.enumerated().map { k, sum in sum.row(unrollStep: k) })
  }

  /// The value-prefix (or reward) target after k dynamics steps from t: the sum of r_{t+j} since the
  /// last horizon reset, for j = k - 1 (the training targets' definition).
  static func trueRewardTarget(_ rewards: [Float], position t: Int, step k: Int, horizon: Int, perStep: Bool) -> Double {
    let j = k - 1
    if perStep { return Double(rewards[t + j]) }
    let first = (j / horizon) * horizon
    return (first...j).reduce(0.0) { $0 + Double(rewards[t + $1]) }
  }

  /// Moves that must follow s in a cut episode for G_s to be known: gamma^n <= 0.01 (all but 1% of the weight).
  static func knownReturnTail(discount: Double) -> Int {
    discount < 1 ? Int((log(0.01) / log(discount)).rounded(.up)) : Int.max
  }

  /// G_s = r_s + gamma G_{s+1} from the last move back; past the last move G = 0.
  static func discountedReturns(_ rewards: [Float], discount: Double) -> [Double] {
    var returns = [Double](repeating: 0, count: rewards.count + 1)
    for s in stride(from: rewards.count - 1, through: 0, by: -1) {
      returns[s] = Double(rewards[s]) + discount * returns[s + 1]
    }
    return returns
  }

  /// The table as CSV, one row per unroll step (empty cells where a quantity does not apply).
  public var csv: String {
    func cell(_ x: Double?) -> String { x.map { String(format: "%.6f", $0) } ?? "" }
    var text = "unroll_step,positions,reward_error,mean_reward_prediction,mean_reward_truth,"
      + "mean_prediction_where_negative,negative_count,"
      + "mean_prediction_where_positive,positive_count,value_error,value_positions,mean_value,mean_return\n"
    for r in rows {
      text += "\(r.unrollStep),\(r.positions),\(cell(r.rewardError)),\(cell(r.meanRewardPrediction)),"
        + "\(cell(r.meanRewardTruth)),\(cell(r.meanPredictionWhereNegative)),"
        + "\(r.negativeCount),\(cell(r.meanPredictionWherePositive)),\(r.positiveCount),\(cell(r.valueError)),"
        + "\(r.valuePositions),\(cell(r.meanValue)),\(cell(r.meanReturn))\n"
    }
    return text
  }
}

/// Running sums of one unroll step's errors.
private struct Accumulator {
  var positions = 0
  var rewardError = 0.0
  var rewardPredictionSum = 0.0
  var rewardTruthSum = 0.0
  var negativeSum = 0.0
  var negativeCount = 0
  var positiveSum = 0.0
  var positiveCount = 0
  var valueError = 0.0
  var valueSum = 0.0
  var returnSum = 0.0
  var valuePositions = 0

  mutating func addReward(predicted: Double, truth: Double) {
    positions += 1
    rewardError += abs(predicted - truth)
    rewardPredictionSum += predicted
    rewardTruthSum += truth
    if truth < 0 {
      negativeSum += predicted
      negativeCount += 1
    } else if truth > 0 {
      positiveSum += predicted
      positiveCount += 1
    }
  }

  mutating func addValue(predicted: Double, truth: Double) {
    valueError += abs(predicted - truth)
    valueSum += predicted
    returnSum += truth
    valuePositions += 1
  }

  func row(unrollStep k: Int) -> PredictionErrors.Row {
    func mean(_ sum: Double, _ n: Int) -> Double? { n > 0 ? sum / Double(n) : nil }
    return PredictionErrors.Row(
      unrollStep: k, positions: positions, rewardError: k == 0 ? nil : mean(rewardError, positions),
      meanRewardPrediction: k == 0 ? nil : mean(rewardPredictionSum, positions),
      meanRewardTruth: k == 0 ? nil : mean(rewardTruthSum, positions),
      meanPredictionWhereNegative: mean(negativeSum, negativeCount),
      meanPredictionWherePositive: mean(positiveSum, positiveCount), negativeCount: negativeCount,
      positiveCount: positiveCount, valueError: mean(valueError, valuePositions), valuePositions: valuePositions,
      meanValue: mean(valueSum, valuePositions), meanReturn: mean(returnSum, valuePositions))
  }
}
