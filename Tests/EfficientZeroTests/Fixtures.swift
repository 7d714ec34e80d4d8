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
    let g = try Generator(seed: seed)
    let frames = config.stackedFrames + unroll
    let obs: Tensor
    if let observations {
      obs = observations
    } else {
      switch config.observation {
      case .image(let c, let h, let w):
        obs = try Tensor.randint(0, 256, [b, frames, c, h, w], dtype: .uint8, generator: g)
      case .vector(let f):
        obs = try Tensor.randn([b, frames, f], generator: g)
      }
    }
    let actions = try Tensor.randint(0, config.actionCount, [b, unroll], generator: g)
    let u = try Tensor.rand([b * unroll], generator: g).toArray(Float.self).map { ($0 * 3).rounded() }
    let z = try Tensor.randn([b * (unroll + 1)], generator: g).toArray(Float.self).map { $0 * 2 }
    let pi = try Tensor.rand([b * (unroll + 1), config.actionCount], generator: g).softmax(dim: 1).toArray(Float.self)
    return TrainingBatch(
      observations: obs, actions: actions, valuePrefixTargets: u, valueTargets: z, policyTargets: pi,
      masks: [Float](repeating: 1, count: b * unroll), weights: [Float](repeating: 1, count: b))
  }

  static func lossConfig(unroll: Int, augmentation: Bool = false) -> LossConfig {
    var l = LossConfig()
    l.unrollSteps = unroll
    l.augmentation = augmentation
    return l
  }
}
