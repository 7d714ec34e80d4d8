import Foundation
import Torch

/// Whether a device computes what the CPU computes, on a tiny image network: the learner steps agree,
/// mixed-precision steps are finite, and a checkpoint of the device's tensors loads on the CPU. The CUDA
/// tests assert on these reports; `ezero devices --check` prints them on a machine without the toolchain.
public enum DeviceCheck {
  /// The tiny image network every check uses (16x16 RGB, 2 frames, 4 actions).
  public static func network() -> NetworkConfig {
    var config = NetworkConfig()
    config.observation = .image(channels: 3, height: 16, width: 16)
    config.stackedFrames = 2
    config.actionCount = 4
    config.useTinySizes()
    return config
  }

  /// Learner steps on the CPU and on `device` from the same initial weights and batch.
  public struct LearnerAgreement: Sendable {
    /// |total loss on the CPU - on the device| / max(1, |CPU loss|), per step.
    public var lossDifferences: [Double] = []
    /// Largest |priority difference| over the steps.
    public var largestPriorityDifference: Float = 0
    /// Largest |weight difference| after the steps, and the weight that has it.
    public var largestWeightDifference: Float = 0
    public var mostDifferentWeight = ""
    /// The target and next-target copies live on the device too.
    public var copiesOnTheDevice = false

    /// All within `tolerance` (1e-3: float32 kernels differ in their summation order).
    public func agrees(within tolerance: Float = 1e-3) -> Bool {
      copiesOnTheDevice && lossDifferences.allSatisfy { $0 < Double(tolerance) } && largestPriorityDifference < tolerance
        && largestWeightDifference < tolerance
    }
  }

  public static func learnerSteps(on device: Device, steps: Int = 3) throws -> LearnerAgreement {
    let config = network()
    func learner(on place: Device) throws -> Learner {
      let network = try EfficientZeroNetwork(config, generator: Generator(seed: 9))
      try network.move(to: place)
      return try Learner(
        network: network, lossConfig: lossConfig(), optimizerConfig: OptimizerConfig(), shared: shared, seed: 9)
    }
    let cpu = try learner(on: .cpu)
    let other = try learner(on: device)
    var report = LearnerAgreement()
    report.copiesOnTheDevice = other.target.device == device && other.nextTarget.device == device
    let batch = try TrainingBatch.synthetic(config, size: 8, unroll: 2, seed: 9)
    for _ in 0..<steps {
      let a = try cpu.train(on: batch)
      let b = try other.train(on: batch)
      report.lossDifferences.append(abs(a.losses.total - b.losses.total) / max(1, abs(a.losses.total)))
      for (p, q) in zip(a.priorities, b.priorities) {
        report.largestPriorityDifference = max(report.largestPriorityDifference, abs(p - q))
      }
    }
    for (p, q) in zip(cpu.network.stateDict(), other.network.stateDict()) where p.tensor.dtype == .float32 {
      let x = try p.tensor.toArray(Float.self)
      let y = try q.tensor.to(.cpu).toArray(Float.self)
      for (u, v) in zip(x, y) where abs(u - v) > report.largestWeightDifference {
        report.largestWeightDifference = abs(u - v)
        report.mostDifferentWeight = p.name
      }
    }
    return report
  }

  /// Learner steps under `amp` (autocast and loss scaling) on `device`.
  public struct MixedPrecisionSteps: Sendable {
    public var losses: [Double] = []
    /// Steps whose update was applied (not skipped for non-finite gradients).
    public var appliedUpdates = 0
    /// The first weight differs from its initial value afterwards.
    public var weightsChanged = false
    /// The target network's inference hands the search float32 values.
    public var inferenceIsFloat32 = false
    public var inferenceIsFinite = false

    public var passes: Bool {
      losses.allSatisfy(\.isFinite) && appliedUpdates > 0 && weightsChanged && inferenceIsFloat32 && inferenceIsFinite
    }
  }

  public static func mixedPrecisionSteps(on device: Device, steps: Int = 4) throws -> MixedPrecisionSteps {
    let config = network()
    let network = try EfficientZeroNetwork(config, generator: Generator(seed: 10))
    try network.move(to: device)
    network.useMixedPrecision()
    let learner = try Learner(
      network: network, lossConfig: lossConfig(), optimizerConfig: OptimizerConfig(), shared: shared, seed: 10)
    let batch = try TrainingBatch.synthetic(config, size: 8, unroll: 2, seed: 10)
    let before = try network.parameters()[0].to(.cpu).toArray(Float.self)
    var report = MixedPrecisionSteps()
    for _ in 0..<steps {
      let step = try learner.train(on: batch)
      report.losses.append(step.losses.total)
      if !step.updateSkipped { report.appliedUpdates += 1 }
    }
    report.weightsChanged = try network.parameters()[0].to(.cpu).toArray(Float.self) != before
    learner.target.eval()
    let input = try batch.observations.slice(dim: 1, start: 0, end: config.stackedFrames)
      .reshape([8, config.inputChannels, 16, 16])
    let out = try learner.target.initialInference(input)
    report.inferenceIsFloat32 = out.latent.dtype == .float32
    report.inferenceIsFinite = out.values.allSatisfy(\.isFinite)
    return report
  }

  /// Saves a network that lives on `device` and loads the file on the CPU; returns the names of the
  /// tensors that did not come back identical (none when it works).
  public static func checkpointFromTheDevice(_ device: Device, folder: URL) throws -> [String] {
    let config = network()
    let placed = try EfficientZeroNetwork(config, generator: Generator(seed: 4))
    try placed.move(to: device)
    let path = folder.appendingPathComponent("device-check-model.pt").path
    try TensorFile.save(placed.stateDict(), to: path)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let cpu = try EfficientZeroNetwork(config)
    try cpu.load(stateDict: TensorFile.load(from: path))
    var different: [String] = []
    for (p, q) in zip(placed.stateDict(), cpu.stateDict()) where try !p.tensor.to(.cpu).isIdentical(to: q.tensor) {
      different.append(p.name)
    }
    return different
  }

  private static func lossConfig() -> LossConfig {
    var loss = LossConfig()
    loss.augmentation = false  // random shifts draw on the device's generator, which the CPU's does not match
    return loss
  }

  /// An unroll of 2 (the synthetic batches'), a warm-up over 1 % of 100 steps.
  private static let shared = SharedSettings(unrollSteps: 2, collectionSteps: 100)
}

extension TrainingBatch {
  /// A batch of seeded random observations (unless given) and consistent random targets, for checks and tests.
  public static func synthetic(
    _ config: NetworkConfig, size b: Int, unroll: Int, seed: UInt64, observations given: Tensor? = nil
  ) throws -> TrainingBatch {
    let g = try Generator(seed: seed)
    let frames = config.stackedFrames + unroll
    let observations: Tensor
    switch (given, config.observation) {
    case (let given?, _):
      observations = given
    case (nil, .image(let c, let h, let w)):
      observations = try Tensor.randint(0, 256, [b, frames, c, h, w], dtype: .uint8, generator: g)
    case (nil, .vector(let f)):
      observations = try Tensor.randn([b, frames, f], generator: g)
    }
    let actions = try Tensor.randint(0, config.actionCount, [b, unroll], generator: g)
    let prefixes = try Tensor.rand([b * unroll], generator: g).toArray(Float.self).map { ($0 * 3).rounded() }
    let values = try Tensor.randn([b * (unroll + 1)], generator: g).toArray(Float.self).map { $0 * 2 }
    let policies = try Tensor.rand([b * (unroll + 1), config.actionCount], generator: g).softmax(dim: 1)
      .toArray(Float.self)
    return TrainingBatch(
      observations: observations, actions: actions, valuePrefixTargets: prefixes, valueTargets: values,
      policyTargets: policies, masks: [Float](repeating: 1, count: b * unroll), weights: [Float](repeating: 1, count: b))
  }
}
