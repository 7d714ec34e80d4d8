import Testing
@testable import EfficientZero

@Suite struct TargetTests {
  @Test func dynamicHorizonAtItsEdges() {
    var c = ValueTargetRule(TargetConfig(), shared: SharedSettings())
    c.shared.collectionSteps = 1000  // period 300 training steps
    #expect(c.horizon(now: 0, collected: 0) == 5)
    #expect(c.horizon(now: 299, collected: 0) == 5)
    #expect(c.horizon(now: 300, collected: 0) == 4)
    #expect(c.horizon(now: 1199, collected: 0) == 2)
    #expect(c.horizon(now: 1200, collected: 0) == 1)
    #expect(c.horizon(now: 100_000, collected: 0) == 1)
    #expect(c.horizon(now: 650, collected: 50) == 3)
    c.settings.dynamicHorizon = false
    #expect(c.horizon(now: 100_000, collected: 0) == 5)
    #expect(c.settings.bootstrapsFromRootValue)
    c.settings.rootValue = false
    #expect(!c.settings.bootstrapsFromRootValue)
  }

  @Test func valueTargetsByHand() {
    var c = ValueTargetRule(TargetConfig(), shared: SharedSettings())
    c.shared.unrollSteps = 2
    c.settings.tdSteps = 3
    c.shared.discount = 0.5
    c.shared.lstmHorizon = 2
    let rewards: [Float] = [1, 2, 3, 4, 5, 6]  // 6 stored moves
    let v: (Int) -> Float = { Float($0) * 10 }  // bootstrap value of position p: 10 p
    // Horizon 3 from t = 1: z_1 = 2 + .5*3 + .25*4 + .125*v(4)=40 -> 2 + 1.5 + 1 + 5 = 9.5
    // z_2 = 3 + 2 + 1.25 + .125*50 = 12.5; z_3 = 4 + 2.5 + 1.5 + v(6)? 6 == steps -> 0: 8
    let t = c.targets(position: 1, horizon: 3, rewards: rewards, bootstrapValue: v)
    #expect(t.values == [9.5, 12.5, 8])
    #expect(c.bootstrapPositions(position: 1, horizon: 3, steps: 6) == [4, 5])
    // Value prefixes reset every 2 unrolled steps: u_0 = r_1, u_1 = r_1 + r_2.
    #expect(t.valuePrefixes == [2, 5])
    #expect(t.masks == [1, 1])
  }

  @Test func targetsAcrossTheEpisodeEnd() {
    var c = ValueTargetRule(TargetConfig(), shared: SharedSettings())
    c.shared.unrollSteps = 3
    c.settings.tdSteps = 2
    c.shared.discount = 1
    c.shared.lstmHorizon = 5
    let rewards: [Float] = [1, 1, 1]  // the episode ends after move 2
    let t = c.targets(position: 1, horizon: 2, rewards: rewards) { _ in 100 }
    // z_1 = 1 + 1 (bootstrap at 3 = end -> 0); z_2 = 1; z_3, z_4 past the end = 0.
    #expect(t.values == [2, 1, 0, 0])
    // The prefix stops growing past the end; masks mark moves that exist.
    #expect(t.valuePrefixes == [1, 2, 2])
    #expect(t.masks == [1, 1, 0])
    c.shared.rewardModel = .reward
    #expect(c.targets(position: 1, horizon: 2, rewards: rewards) { _ in 0 }.valuePrefixes == [1, 1, 0])
  }

  /// A time limit (DMControl's 1,000 steps) is not a terminal state: targets bootstrap from the
  /// last observation instead of counting it as worth 0. Atari game-overs stay terminal.
  @Test func targetsAcrossATimeLimitBootstrapFromTheLastObservation() {
    var c = ValueTargetRule(TargetConfig(), shared: SharedSettings())
    c.shared.unrollSteps = 3
    c.settings.tdSteps = 2
    c.shared.discount = 0.5
    c.shared.lstmHorizon = 5
    let rewards: [Float] = [1, 1, 1]  // a time limit cuts the episode after move 2; observation 3 exists
    let v: (Int) -> Float = { Float($0) * 10 }
    let t = c.targets(position: 1, horizon: 2, rewards: rewards, truncated: true, bootstrapValue: v)
    // z_1 = 1 + .5*1 + .25*v(3)=30 -> 9; z_2 = 1 + .5*v(3) = 16; z_3 = v(3) = 30 (the last observation);
    // z_4 lies past the last observation: 0 (masked).
    #expect(t.values == [9, 16, 30, 0])
    #expect(c.bootstrapPositions(position: 1, horizon: 2, steps: 3, truncated: true) == [3])
    #expect(t.valuePrefixes == [1, 2, 2] && t.masks == [1, 1, 0])
    // The same segment ended by a terminal state: nothing past the end is worth anything.
    let terminal = c.targets(position: 1, horizon: 2, rewards: rewards, truncated: false, bootstrapValue: v)
    #expect(terminal.values == [1.5, 1, 0, 0])
    #expect(c.bootstrapPositions(position: 1, horizon: 2, steps: 3, truncated: false).isEmpty)
    // Inside the stored moves the horizon is untouched by the flag.
    let inside = c.targets(position: 0, horizon: 2, rewards: [1, 1, 1, 1, 1, 1], truncated: true, bootstrapValue: v)
    let expectedInside: [Float] = [20, 30, 40, 50].map { 1.5 + 0.25 * $0 }
    #expect(inside.values == expectedInside)
  }

  @Test func segmentsRememberATimeLimit() {
    func segment(truncated: Bool) -> GameSegment<UInt8> {
      var builder = SegmentBuilder<UInt8>(segmentLength: 10, lookAhead: 2, frameSize: 1, stackedFrames: 1, actionCount: 2)
      [UInt8(0)].withUnsafeBufferPointer { builder.begin(observation: $0, trainingStep: 0) }
      var out: [GameSegment<UInt8>] = []
      for step in 0..<3 {
        out += [Float(0.5), 0.5].withUnsafeBufferPointer { policy in
          [UInt8(step + 1)].withUnsafeBufferPointer { next in
            builder.record(
              action: 0, reward: 1, rootValue: 0, policy: policy, nextObservation: next, done: step == 2,
              truncated: truncated && step == 2, trainingStep: 0)
          }
        }
      }
      return out[0]
    }
    #expect(segment(truncated: true).endedByTimeLimit && segment(truncated: true).episodeEnded)
    #expect(!segment(truncated: false).endedByTimeLimit && segment(truncated: false).episodeEnded)
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

  /// The paper's schedules are fractions of the 100k collection steps, not of the 120k training
  /// steps: temperature drops at 50k and 75k, Eq. 12's horizon shrinks every 30k, the warm-up is
  /// 1,000 steps; beta anneals over all 120k (the reference's training_steps + last_steps).
  @Test func paperSchedulesFollowTheCollectionSteps() {
    let c = Preset.atari100k.config
    #expect(c.trainingSteps == 120_000 && c.collectionSteps == 100_000)
    #expect(c.temperature(atTrainingStep: 49_999) == 1 && c.temperature(atTrainingStep: 50_000) == 0.5)
    #expect(c.temperature(atTrainingStep: 74_999) == 0.5 && c.temperature(atTrainingStep: 75_000) == 0.25)
    #expect(c.valueTargets.horizon(now: 29_999, collected: 0) == 5 && c.valueTargets.horizon(now: 30_000, collected: 0) == 4)
    #expect(c.optimizer.warmupSteps(collectionSteps: c.collectionSteps) == 1000)
    #expect(c.priorityBeta(atTrainingStep: 120_000) == 1 && c.priorityBeta(atTrainingStep: 100_000) < 1)
    // The reference ends Atari games at the frame cap as at a game over; DMControl and CartPole bootstrap.
    #expect(!c.targets.bootstrapsTimeLimits && !Preset.muzero.config.targets.bootstrapsTimeLimits)
    #expect(Preset.dmc100k.config.targets.bootstrapsTimeLimits && Preset.cartpole.config.targets.bootstrapsTimeLimits)
    var muzero = Preset.muzero.config
    #expect(muzero.collectionSteps == 100_000)
    // The reference turns augmentation off with the consistency loss.
    #expect(!muzero.loss.consistency && !muzero.loss.augmentation)
    try? muzero.set("collection_steps", to: "50000")
    #expect(muzero.optimizer.warmupSteps(collectionSteps: muzero.collectionSteps) == 500)
    #expect(muzero.valueTargets.shared.collectionSteps == 50_000 && muzero.shared.collectionSteps == 50_000)
  }

  @Test func temperatureAndBetaSchedules() {
    var c = TrainingConfig()
    c.trainingSteps = 100
    c.collectionSteps = 100
    #expect(c.temperature(atTrainingStep: 49) == 1)
    #expect(c.temperature(atTrainingStep: 50) == 0.5)
    #expect(c.temperature(atTrainingStep: 75) == 0.25)
    #expect(c.priorityBeta(atTrainingStep: 0) == 0.4)
    #expect(abs(c.priorityBeta(atTrainingStep: 50) - 0.7) < 1e-12)
    #expect(c.priorityBeta(atTrainingStep: 200) == 1)
  }
}
