import Testing
@testable import EfficientZero

@Suite struct TargetTests {
  @Test func dynamicHorizonAtItsEdges() {
    var c = TargetConfig()
    c.trainingSteps = 1000  // period 300 training steps
    #expect(c.horizon(now: 0, collected: 0) == 5)
    #expect(c.horizon(now: 299, collected: 0) == 5)
    #expect(c.horizon(now: 300, collected: 0) == 4)
    #expect(c.horizon(now: 1199, collected: 0) == 2)
    #expect(c.horizon(now: 1200, collected: 0) == 1)
    #expect(c.horizon(now: 100_000, collected: 0) == 1)
    #expect(c.horizon(now: 650, collected: 50) == 3)
    c.dynamicHorizon = false
    #expect(c.horizon(now: 100_000, collected: 0) == 5)
    c.dynamicHorizon = true
    c.offPolicyCorrection = false
    #expect(c.horizon(now: 100_000, collected: 0) == 5)
    #expect(!c.bootstrapsFromRootValue)
  }

  @Test func valueTargetsByHand() {
    var c = TargetConfig()
    c.unrollSteps = 2
    c.tdSteps = 3
    c.discount = 0.5
    c.lstmHorizon = 2
    let rewards: [Float] = [1, 2, 3, 4, 5, 6]  // 6 stored moves
    let v: (Int) -> Float = { Float($0) * 10 }  // bootstrap value of position p: 10 p
    // Horizon 3 from t = 1: z_1 = 2 + .5*3 + .25*4 + .125*v(4)=40 -> 2 + 1.5 + 1 + 5 = 9.5
    // z_2 = 3 + 2 + 1.25 + .125*50 = 12.5; z_3 = 4 + 2.5 + 1.5 + v(6)? 6 == steps -> 0: 8
    let t = c.targets(position: 1, horizon: 3, rewards: rewards, bootstrapValue: v)
    #expect(t.values == [9.5, 12.5, 8])
    #expect(c.bootstrapPositions(position: 1, horizon: 3, steps: 6) == [4, 5])
    // Value prefixes reset every 2 unrolled steps: u_0 = r_1, u_1 = r_1 + r_2.
    #expect(t.rewards == [2, 5])
    #expect(t.masks == [1, 1])
  }

  @Test func targetsAcrossTheEpisodeEnd() {
    var c = TargetConfig()
    c.unrollSteps = 3
    c.tdSteps = 2
    c.discount = 1
    c.lstmHorizon = 5
    let rewards: [Float] = [1, 1, 1]  // the episode ends after move 2
    let t = c.targets(position: 1, horizon: 2, rewards: rewards) { _ in 100 }
    // z_1 = 1 + 1 (bootstrap at 3 = end -> 0); z_2 = 1; z_3, z_4 past the end = 0.
    #expect(t.values == [2, 1, 0, 0])
    // The prefix stops growing past the end; masks mark moves that exist.
    #expect(t.rewards == [1, 2, 2])
    #expect(t.masks == [1, 1, 0])
    c.perStepRewards = true
    #expect(c.targets(position: 1, horizon: 2, rewards: rewards) { _ in 0 }.rewards == [1, 1, 0])
  }

  @Test func collectionCapKeepsTheRatio() {
    var c = TrainingConfig()
    c.maxEnvironmentSteps = 100
    c.environmentStepsPerTrainingStep = 1
    #expect(c.mayCollect(environmentSteps: 20, trainingSteps: 0, trainingStartedAt: 20) == false)
    #expect(c.mayCollect(environmentSteps: 20, trainingSteps: 1, trainingStartedAt: 20) == true)
    #expect(c.mayCollect(environmentSteps: 25, trainingSteps: 5, trainingStartedAt: 20) == false)
    #expect(c.mayCollect(environmentSteps: 99, trainingSteps: 500, trainingStartedAt: 20) == true)
    #expect(c.mayCollect(environmentSteps: 100, trainingSteps: 500, trainingStartedAt: 20) == false)
    c.environmentStepsPerTrainingStep = 4
    #expect(c.mayCollect(environmentSteps: 27, trainingSteps: 2, trainingStartedAt: 20) == true)
    #expect(c.mayCollect(environmentSteps: 28, trainingSteps: 2, trainingStartedAt: 20) == false)
  }

  @Test func temperatureAndBetaSchedules() {
    var c = TrainingConfig()
    c.optimizer.trainingSteps = 100
    #expect(c.temperature(atTrainingStep: 49) == 1)
    #expect(c.temperature(atTrainingStep: 50) == 0.5)
    #expect(c.temperature(atTrainingStep: 75) == 0.25)
    #expect(c.priorityBeta(atTrainingStep: 0) == 0.4)
    #expect(abs(c.priorityBeta(atTrainingStep: 50) - 0.7) < 1e-12)
    #expect(c.priorityBeta(atTrainingStep: 200) == 1)
  }
}
