import Environments
import Search
import Testing
@testable import EfficientZero

/// With `root_value` off, value targets bootstrap from the target network's value: positions needed
/// only for that get an initial inference, not a search, and the targets are those of the definition.
@Suite struct TargetNetworkBootstrapTests {
  @Test(arguments: [false, true]) func onlyPolicyPositionsAreSearched(reuse: Bool) throws {
    var config = Preset.tinyCartpole.config
    config.threads = 1
    config.targets.rootValue = false
    config.reanalyzeReuse = reuse
    let trainer = try Trainer(
      config: config, makeTrainingEnvironment: { CartPole(seed: UInt64($0)) },
      makeEvaluationEnvironment: { CartPole(seed: UInt64($0)) })
    try trainer.warmUp()
    var sampler = SearchRandom(seed: 5)
    let (keys, weights) = trainer.replay.sample(count: 12, beta: 0.4, using: &sampler)
    let target = trainer.learner.target
    var reanalyzer = trainer.batches.reanalyzer
    let batch = try reanalyzer.makeBatch(
      keys: keys, weights: weights, replay: trainer.replay, target: target, now: 0,
      frameShape: trainer.batches.frameShape)

    // Searched: the distinct positions t..t+K of the samples with fresh policies, nothing else.
    let targets = config.valueTargets
    let unroll = config.unrollSteps
    let fresh = Int(Double(keys.count) * targets.settings.reanalyzedPolicyRatio)
    var policyPositions = Set<ReplayKey>()
    for key in keys.prefix(fresh) {
      let steps = trainer.replay.segment(key.segment).steps
      for k in 0...unroll where key.position + k < steps {
        policyPositions.insert(ReplayKey(segment: key.segment, position: key.position + k))
      }
    }
    #expect(reanalyzer.lastSearchedPositions == policyPositions.count)

    // Value targets by their definition, each bootstrap value from its own initial inference.
    for (i, key) in keys.enumerated() {
      let segment = trainer.replay.segment(key.segment)
      let expected = targets.targets(
        position: key.position, horizon: targets.horizon(now: 0, collected: segment.collectedAtTrainingStep),
        rewards: segment.rewards, truncated: targets.settings.bootstrapsTimeLimits && segment.endedByTimeLimit
      ) { position in
        let obs = try! Reanalyzer<Float>.stackedObservations([(segment, position)], frameShape: trainer.batches.frameShape, for: target)
        return try! target.initialInference(obs).values[0]
      }
      let got = batch.valueTargets[(i * (unroll + 1))..<((i + 1) * (unroll + 1))]
      #expect(zip(expected.values, got).allSatisfy { abs($0 - $1) < 1e-4 }, "sample \(i): \(expected.values) vs \(Array(got))")
    }
  }
}
