import Foundation
import Environments
import Testing
import Torch
@testable import EfficientZero

struct PredictionErrorsTests {
  @Test func valuePrefixTruthRestartsEveryHorizonLikeTheTargets() {
    let rewards: [Float] = [1, -1, 0, 1, 1, -1, 1]
    // From t = 1 with horizon 2: k = 1: r1; k = 2: r1 + r2; k = 3: r3 (reset); k = 4: r3 + r4.
    let expected: [Double] = [-1, -1, 1, 2]
    for k in 1...4 {
      #expect(PredictionErrors.trueRewardTarget(rewards, position: 1, step: k, horizon: 2, perStep: false) == expected[k - 1])
    }
    #expect(PredictionErrors.trueRewardTarget(rewards, position: 1, step: 4, horizon: 2, perStep: true) == 1)
    // The same definition as the training targets (ValueTargetRule.targets' value prefixes).
    let targets = ValueTargetRule(TargetConfig(), shared: SharedSettings(unrollSteps: 5, lstmHorizon: 2))
    let prefixes = targets.targets(position: 1, horizon: 1, rewards: rewards, bootstrapValue: { _ in 0 }).valuePrefixes
    for k in 1...5 {
      #expect(Double(prefixes[k - 1]) == PredictionErrors.trueRewardTarget(rewards, position: 1, step: k, horizon: 2, perStep: false))
    }
  }

  @Test func discountedReturnsByHand() {
    let g = PredictionErrors.discountedReturns([1, -2, 3], discount: 0.5)
    // G2 = 3, G1 = -2 + 1.5 = -0.5, G0 = 1 - 0.25 = 0.75, G3 = 0.
    #expect(g == [0.75, -0.5, 3, 0])
  }

  /// The batched measurement against one position at a time, each unrolled on its own with the
  /// network's recurrent inference (differential), on CartPole episodes played by a tiny network.
  @Test func batchedErrorsEqualPositionByPositionUnrolls() throws {
    Torch.threads = 1
    var config = Preset.tinyCartpole.config
    try EnvironmentChoice.cartPole.adapt(&config)
    let network = try EfficientZeroNetwork(config.network, generator: Generator(seed: 5))
    var episodes = try RecordedEpisode<Float>.play(
      network: network, search: config.searchConfiguration, episodes: 3, seedOffset: 7, maxSteps: 40,
      makeEnvironment: { _ in CartPole(seed: 0) })
    #expect(episodes.count == 3)
    for e in episodes {
      #expect(e.observations.count == e.moves + 1)
      #expect(e.rewards.count == e.moves)
      #expect(e.terminated == (e.moves < 40))
    }
    // Negative rewards too, so that both sign columns are exercised.
    for i in episodes[0].rewards.indices where i % 3 == 0 { episodes[0].rewards[i] = -1 }
    let unroll = 5
    let horizon = 3
    let discount = 0.9
    let batched = try PredictionErrors.measure(
      network: network, episodes: episodes, unrollSteps: unroll, lstmHorizon: horizon, perStepRewards: false,
      discount: discount, chunk: 4)

    var rewardSums = [Double](repeating: 0, count: unroll + 1)
    var valueSums = [Double](repeating: 0, count: unroll + 1)
    var valueCounts = [Int](repeating: 0, count: unroll + 1)
    var negative = [Double](repeating: 0, count: unroll + 1)
    var predictedRewards = [Double](repeating: 0, count: unroll + 1)
    var predictedValues = [Double](repeating: 0, count: unroll + 1)
    var positions = 0
    let tail = Int((log(0.01) / log(discount)).rounded(.up))
    for e in episodes where e.moves >= unroll {
      for t in 0...(e.moves - unroll) {
        positions += 1
        var returns = 0.0
        func valueTruth(_ s: Int) -> Double? {
          guard e.terminated || e.moves - s >= tail else { return nil }
          returns = 0
          for (i, r) in e.rewards[s...].enumerated() { returns += Double(r) * pow(discount, Double(i)) }
          return returns
        }
        let initial = try network.initialInference(e.batch([t]))
        if let g = valueTruth(t) {
          valueSums[0] += abs(Double(initial.values[0]) - g)
          predictedValues[0] += Double(initial.values[0])
          valueCounts[0] += 1
        }
        var latent = initial.latent
        var state = initial.rewardState
        var prefix = 0.0
        for k in 1...unroll {
          if (k - 1) % horizon == 0 {
            prefix = 0
            if k > 1 { state = try network.rewardHead.initialState(batch: 1) }
          }
          let out = try network.recurrentInference(latent, actions: [e.actions[t + k - 1]], rewardState: state)
          latent = out.latent
          state = out.rewardState
          prefix += Double(e.rewards[t + k - 1])
          rewardSums[k] += abs(Double(out.valuePrefixes[0]) - prefix)
          predictedRewards[k] += Double(out.valuePrefixes[0])
          if prefix < 0 { negative[k] += 1 }
          if let g = valueTruth(t + k) {
            valueSums[k] += abs(Double(out.values[0]) - g)
            predictedValues[k] += Double(out.values[0])
            valueCounts[k] += 1
          }
        }
      }
    }
    #expect(batched.rows.count == unroll + 1)
    for k in 0...unroll {
      let row = batched.rows[k]
      #expect(row.unrollStep == k)
      #expect(row.positions == positions)
      #expect(row.valuePositions == valueCounts[k])
      #expect(abs(row.valueError! - valueSums[k] / Double(valueCounts[k])) < 1e-4, "k = \(k)")
      #expect(abs(row.meanValue! - predictedValues[k] / Double(valueCounts[k])) < 1e-4, "k = \(k)")
      if k == 0 {
        #expect(row.rewardError == nil)
      } else {
        #expect(abs(row.rewardError! - rewardSums[k] / Double(positions)) < 1e-4, "k = \(k)")
        #expect(abs(row.meanRewardPrediction! - predictedRewards[k] / Double(positions)) < 1e-4, "k = \(k)")
        #expect(row.negativeCount == Int(negative[k]))
      }
    }
    #expect(batched.rows[1].negativeCount > 0 && batched.rows[1].positiveCount > 0)
    #expect(batched.csv.split(separator: "\n").count == unroll + 2)
    let shares = RecordedEpisode.actionShares(episodes, actionCount: 2)
    let moves = episodes.reduce(0) { $0 + $1.moves }
    #expect(abs(shares.reduce(0, +) - 1) < 1e-9)
    #expect(shares[1] == Double(episodes.reduce(0) { $0 + $1.actions.filter { $0 == 1 }.count }) / Double(moves))
  }
}
