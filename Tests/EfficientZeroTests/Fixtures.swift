import Torch
@testable import EfficientZero

/// Tiny networks (the tiny-* presets' sizes, `NetworkConfig.useTinySizes`) and batches so tests run in seconds.
enum Fixtures {
  static func tinyImageConfig(rewardModel: NetworkConfig.RewardModel = .valuePrefix) -> NetworkConfig {
    var c = NetworkConfig()
    c.observation = .image(channels: 3, height: 16, width: 16)
    c.stackedFrames = 2
    c.actionCount = 4
    c.useTinySizes()
    c.rewardModel = rewardModel
    return c
  }

  static func tinyVectorConfig() -> NetworkConfig {
    var c = NetworkConfig()
    c.observation = .vector(features: 4)
    c.stackedFrames = 2
    c.actionCount = 2
    c.useTinySizes()
    return c
  }

  /// A batch with random (seeded) observations and consistent random targets.
  static func batch(
    _ config: NetworkConfig, size b: Int, unroll: Int, seed: UInt64, observations: Tensor? = nil
  ) throws -> TrainingBatch {
    try TrainingBatch.synthetic(config, size: b, unroll: unroll, seed: seed, observations: observations)
  }

  static func lossConfig(augmentation: Bool = false) -> LossConfig {
    var l = LossConfig()
    l.augmentation = augmentation
    return l
  }

  /// The shared settings of a test: its unroll, and a warm-up of 1 % of `collectionSteps`.
  static func shared(unroll: Int, lstmHorizon: Int = 5, collectionSteps: Int = 100_000) -> SharedSettings {
    SharedSettings(unrollSteps: unroll, lstmHorizon: lstmHorizon, collectionSteps: collectionSteps)
  }
}
