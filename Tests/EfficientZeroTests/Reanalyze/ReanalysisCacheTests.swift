import Environments
import Search
import Testing
@testable import EfficientZero

/// `reanalyze_reuse`: a position searched under one target network is not searched again until
/// the target network changes, and the targets it gives are those of the first search.
@Suite struct ReanalysisCacheTests {
  @Test func aSecondBatchUnderTheSameTargetSearchesNothingNew() throws {
    var config = Preset.tinyCartpole.config
    config.threads = 1
    config.reanalyzeReuse = true
    let trainer = try Trainer(
      config: config, makeTrainingEnvironment: { CartPole(seed: UInt64($0)) },
      makeEvaluationEnvironment: { CartPole(seed: UInt64($0)) })
    try trainer.warmUp()
    var sampler = SearchRandom(seed: 3)
    let (keys, weights) = trainer.replay.sample(count: 8, beta: 0.4, using: &sampler)
    func batch(version: Int) throws -> (TrainingBatch, searched: Int) {
      let b = try trainer.batches.reanalyzer.makeBatch(
        keys: keys, weights: weights, replay: trainer.replay, target: trainer.learner.target, now: 0,
        targetVersion: version, frameShape: trainer.batches.frameShape)
      return (b, trainer.batches.reanalyzer.lastSearchedPositions)
    }
    let (first, searchedFirst) = try batch(version: 0)
    let (again, searchedAgain) = try batch(version: 0)
    #expect(searchedFirst > 0 && searchedAgain == 0)
    #expect(again.valueTargets == first.valueTargets && again.policyTargets == first.policyTargets)
    // A new target network searches every position again (fresh root noise: other visit counts).
    let (_, searchedNew) = try batch(version: 1)
    #expect(searchedNew == searchedFirst)
    // Without reuse every batch searches all its positions.
    trainer.batches.reanalyzer.reusesSearches = false
    let (_, searchedPlain) = try batch(version: 1)
    #expect(searchedPlain == searchedFirst)
  }
}
