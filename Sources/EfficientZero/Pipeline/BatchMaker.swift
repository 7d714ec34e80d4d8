import Search
import Torch

/// Training batches from replay (App. A.4): prioritised sampling, then reanalysis with a target
/// network. One thread owns each (in concurrent mode, each reanalysis worker has its own).
struct BatchMaker<Frame: TensorElement> {
  var reanalyzer: Reanalyzer<Frame>
  var sampler: SearchRandom
  let config: TrainingConfig
  /// One frame's shape (channels, height, width), without the frame stack.
  let frameShape: [Int]

  /// The positions of one batch, taken out of replay (while it is locked, when threads run).
  struct Draw {
    var keys: [ReplayKey]
    var weights: [Float]
    var segments: [GameSegment<Frame>]
    /// The training step the positions were drawn at (it sets beta and the targets' age).
    var trainingStep: Int
  }

  init(config: TrainingConfig, frameShape: [Int], reanalysisSeed: UInt64, sampler: SearchRandom) {
    var reanalyzer = Reanalyzer<Frame>(
      rule: config.valueTargets, search: config.searchConfiguration, chunkSize: config.reanalyzeChunk, seed: reanalysisSeed)
    reanalyzer.reusesSearches = config.reanalyzeReuse
    self.reanalyzer = reanalyzer
    self.sampler = sampler
    self.config = config
    self.frameShape = frameShape
  }

  /// `batch_size` positions by priority, with importance weights at the step's beta.
  mutating func draw(from replay: ReplayBuffer<Frame>, trainingStep: Int) -> Draw {
    let beta = config.priorityBeta(atTrainingStep: trainingStep)
    let (keys, weights) = replay.sample(count: config.batchSize, beta: beta, using: &sampler)
    return Draw(keys: keys, weights: weights, segments: keys.map { replay.segment($0.segment) }, trainingStep: trainingStep)
  }

  /// The batch of `draw`, its targets computed with `target` (weights of version `targetVersion`).
  mutating func batch(for draw: Draw, target: EfficientZeroNetwork, targetVersion: Int) throws -> TrainingBatch {
    try reanalyzer.makeBatch(
      keys: draw.keys, segments: draw.segments, weights: draw.weights, target: target, now: draw.trainingStep,
      targetVersion: targetVersion, frameShape: frameShape)
  }
}
