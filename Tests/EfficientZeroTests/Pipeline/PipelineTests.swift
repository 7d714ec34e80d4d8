import Environments
import Foundation
import TestKinds
import Testing
import Torch
@testable import EfficientZero

@Suite(.serialized, .tags(.integration)) struct PipelineTests {
  static func cartPoleTrainer(_ config: TrainingConfig) throws -> Trainer<CartPole> {
    try Trainer(
      config: config, makeTrainingEnvironment: { CartPole(seed: UInt64($0)) },
      makeEvaluationEnvironment: { CartPole(seed: UInt64($0)) })
  }

  @Test func synchronousModeIsDeterministicForASeed() throws {
    var config = Preset.tinyCartpole.config
    config.threads = 1
    func losses() throws -> [Double] {
      let trainer = try Self.cartPoleTrainer(config)
      var out: [Double] = []
      try trainer.run { out.append($0.losses.total) }
      return out
    }
    let a = try losses()
    #expect(a.count == 3 && a.allSatisfy { $0.isFinite })
    #expect(a == (try losses()))
  }

  @Test func concurrentModeTrainsToTheEnd() throws {
    var config = Preset.tinyCartpole.config
    config.threads = 1
    let trainer = try Self.cartPoleTrainer(config)
    var reports: [TrainingProgress] = []
    try trainer.runConcurrently(reanalyzeWorkers: 2, queueCapacity: 2) { reports.append($0) }
    #expect(trainer.trainingStep == config.trainingSteps)
    #expect(reports.count == 3 && reports.allSatisfy { $0.losses.firstNonFinite == nil })
    // The collection cap holds in concurrent mode too.
    #expect(Double(trainer.environmentSteps) <= Double(config.startTransitions + 4) + 8 * 30 + 4)
  }

  /// Progress reports on every step while self-play never waits for the learner: the report must read
  /// self-play's figures through what self-play publishes under the lock (`make tsan` runs this suite
  /// under the thread sanitizer, where a direct read of self-play's counters is a reported race).
  @Test func concurrentProgressReadsWhileSelfPlayRuns() throws {
    var config = Preset.tinyCartpole.config
    config.threads = 1
    config.logInterval = 1
    config.environmentStepsPerTrainingStep = 1_000
    config.maxEnvironmentSteps = 100_000
    let trainer = try Self.cartPoleTrainer(config)
    var reports: [TrainingProgress] = []
    try trainer.runConcurrently(reanalyzeWorkers: 1, queueCapacity: 1) { reports.append($0) }
    #expect(reports.count == config.trainingSteps)
    let steps = reports.map(\.environmentSteps)
    #expect(steps == steps.sorted() && steps.last! <= trainer.environmentSteps)
  }

  /// With the Gumbel search, self-play stores improved policies (softmax of logits plus sigma(Q)), not visit
  /// distributions: with 4 simulations a visit distribution has only multiples of 1/4.
  @Test func gumbelSearchTrainsAndStoresImprovedPolicies() throws {
    var config = Preset.tinyCartpole.config
    config.threads = 1
    config.search.algorithm = .gumbel
    config.search.simulations = 4
    let trainer = try Self.cartPoleTrainer(config)
    var reports: [TrainingProgress] = []
    try trainer.run { reports.append($0) }
    #expect(trainer.trainingStep == config.trainingSteps)
    #expect(reports.allSatisfy { $0.losses.firstNonFinite == nil })
    var searched: [[Float]] = []
    for segment in trainer.replay.segments {
      for move in 0..<segment.ownLength {
        let policy = Array(segment.policies[move * 2..<(move + 1) * 2])
        if policy != [0.5, 0.5] { searched.append(policy) }  // not the random warm-up's uniform policy
      }
    }
    #expect(!searched.isEmpty)
    for policy in searched {
      #expect(abs(policy.reduce(0, +) - 1) < 1e-5)
    }
    func isOffGrid(_ p: Float) -> Bool {
      let quarters = p * 4
      return abs(quarters - quarters.rounded()) > 1e-4
    }
    let offGrid = searched.filter { $0.contains(where: isOffGrid) }
    #expect(offGrid.count > searched.count / 2)
  }

  @Test func tinyAtariRunsEndToEnd() throws {
    var config = Preset.tinyAtari.config
    config.environment = "Breakout"
    let environment = try EnvironmentChoice(name: config.environment)
    try environment.adapt(&config)
    let trainer = try Trainer(
      config: config, makeTrainingEnvironment: { _ in try environment.makeAtari(config, evaluation: false) },
      makeEvaluationEnvironment: { _ in try environment.makeAtari(config, evaluation: true) })
    var reports: [TrainingProgress] = []
    try trainer.run { reports.append($0) }
    #expect(trainer.trainingStep == 20)
    #expect(trainer.environmentSteps >= config.startTransitions)
    #expect(reports.last!.losses.firstNonFinite == nil)
    #expect(reports.last!.losses.consistency < 0)  // cosine terms are present
    // Images went through replay as single frames: 3 x 96 x 96 each.
    #expect(trainer.replay.segment(0).frameSize == 3 * 96 * 96)
  }

  /// Self-play marks episodes cut by the environment's time limit (CartPole's, here shortened to 10
  /// steps), so that their value targets bootstrap; a pole that falls earlier is a terminal state.
  @Test func timeLimitsReachTheReplayAsTruncations() throws {
    var config = Preset.tinyCartpole.config
    config.threads = 1
    let trainer = try Trainer(
      config: config, makeTrainingEnvironment: { CartPole(maxEpisodeSteps: 10, seed: UInt64($0)) },
      makeEvaluationEnvironment: { CartPole(seed: UInt64($0)) })
    try trainer.warmUp()
    let ended = (0..<trainer.replay.segmentCount).map { trainer.replay.segment($0) }.filter(\.episodeEnded)
    #expect(ended.count >= 5)
    for segment in ended {
      #expect(segment.endedByTimeLimit == (segment.ownLength == 10), "\(segment.ownLength) moves")
    }
    #expect(ended.contains { $0.endedByTimeLimit })
  }

  @Test func unknownEnvironmentsAreRejectedWithMatches() {
    #expect { try EnvironmentChoice(name: "Breakou") } throws: { "\($0)".contains("Breakout") }
  }
}
