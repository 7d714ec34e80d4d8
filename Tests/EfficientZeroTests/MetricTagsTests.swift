import Testing
@testable import EfficientZero

struct MetricTagsTests {
  @Test func progressBecomesTaggedScalars() {
    var p = TrainingProgress(
      trainingStep: 200, environmentSteps: 1300, replayMoves: 1200,
      losses: LossTerms(reward: 1, policy: 2, value: 3, consistency: -1, total: 4, rewardModel: .valuePrefix),
      learningRate: 0.1, recentReturns: [2, 4], gradientNorm: 0.5, searchDepth: 3, priorityMean: 1, priorityMax: 2, seconds: 30,
      intervalSeconds: 10, stepsInInterval: 100, phases: PhaseTimes())
    p.valueMean = 17.5
    p.valueTargetMean = 18
    let first = p.scalars(previousEnvironmentSteps: nil)
    #expect(first[MetricTag.value] == 17.5 && first["train/value_target"] == 18)
    #expect(first[MetricTag.loss("value_prefix")] == 1 && first["loss/total"] == 4)
    #expect(first[MetricTag.episodeReturn] == 3 && first["train/lr"] == 0.1 && first["progress/env_steps"] == 1300)
    #expect(first[MetricTag.trainingStepsPerSecond] == 10)
    #expect(first[MetricTag.environmentStepsPerSecond] == nil)
    #expect(p.scalars(previousEnvironmentSteps: 1100)[MetricTag.environmentStepsPerSecond] == 20)
  }
}
