import Environments
import Foundation
import Testing
import Torch
@testable import EfficientZero

@Suite(.serialized) struct PipelineTests {
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
      try trainer.run { out.append($0.losses["total"]!) }
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
    #expect(reports.count == 3 && reports.allSatisfy { $0.losses.values.allSatisfy { $0.isFinite } })
    // The collection cap holds in concurrent mode too.
    #expect(Double(trainer.environmentSteps) <= Double(config.startTransitions + 4) + 8 * 30 + 4)
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
    #expect(reports.last!.losses.values.allSatisfy { $0.isFinite })
    #expect(reports.last!.losses["consistency"]! < 0)  // cosine terms are present
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
