import Foundation
import Testing
@testable import EfficientZero

struct MetricTagsTests {
  @Test func progressBecomesTaggedScalars() {
    var p = TrainingProgress(
      trainingStep: 200, environmentSteps: 1300, replayMoves: 1200,
      losses: LossTerms(reward: 1, policy: 2, value: 3, consistency: -1, total: 4, rewardModel: .valuePrefix),
      learningRate: 0.1, recentReturns: [2, 4], gradientNorm: 0.5, searchDepth: 3, priorityMean: 1, priorityMax: 2, seconds: 30,
      intervalSeconds: 10, stepsInInterval: 100, phases: PhaseTimes(), moves: MoveStatistics(actionCount: 3))
    p.phases.selfPlay = 1.5
    p.phases.reanalyze = 2.5
    p.phases.learner = 4
    p.valueMean = 17.5
    p.valueTargetMean = 18
    let first = p.scalars(previousEnvironmentSteps: nil)
    #expect(first[MetricTag.value] == 17.5 && first["train/value_target"] == 18)
    #expect(first[MetricTag.loss("value_prefix")] == 1 && first["loss/total"] == 4)
    #expect(first[MetricTag.episodeReturn] == 3 && first["train/lr"] == 0.1 && first["progress/env_steps"] == 1300)
    #expect(first[MetricTag.trainingStepsPerSecond] == 10)
    #expect(first["time/interval_s"] == 10 && first["time/self_play_s"] == 1.5)
    #expect(first["time/reanalyze_s"] == 2.5 && first["time/learner_s"] == 4)
    #expect(first[MetricTag.environmentStepsPerSecond] == nil)
    #expect(p.scalars(previousEnvironmentSteps: 1100)[MetricTag.environmentStepsPerSecond] == 20)
    #expect(first[MetricTag.priorEntropy] == nil && first[MetricTag.actionShare(0)] == nil, "no searched move, no share")
    p.moves.add(actions: [2, 2, 0, 2], priorLogits: [0, 0, 0, 0, 0, 0, 5, 5, 5, 0, 0, 0])
    let second = p.scalars(previousEnvironmentSteps: nil)
    #expect(second["self_play/action_share/2"] == 0.75 && second["self_play/action_share/0"] == 0.25)
    #expect(second["self_play/action_share/1"] == 0)
    #expect(abs(second[MetricTag.priorEntropy]! - log(3.0)) < 1e-12, "uniform priors: log 3 nats")
  }

  /// Entropy by hand: softmax([ln 1, ln 3]) = (1/4, 3/4); the counters of an interval are the
  /// difference of the totals.
  @Test func moveStatisticsByHand() {
    let h = MoveStatistics.entropy(logits: [Float(log(1.0)), Float(log(3.0))])
    #expect(abs(h - -(0.25 * log(0.25) + 0.75 * log(0.75))) < 1e-6)
    #expect(MoveStatistics.entropy(logits: [0, -200]) < 1e-6)
    var total = MoveStatistics(actionCount: 2)
    total.add(actions: [0], priorLogits: [0, 0])
    let before = total
    total.add(actions: [1, 1], priorLogits: [0, 0, 0, -200])
    let interval = total.since(before)
    #expect(interval.actionCounts == [0, 2] && interval.roots == 2)
    #expect(abs(interval.meanPriorEntropy! - log(2.0) / 2) < 1e-6)
  }
}
