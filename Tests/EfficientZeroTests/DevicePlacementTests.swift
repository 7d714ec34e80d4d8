import Foundation
import Testing
import Torch
@testable import EfficientZero

/// The networks on a device: a run that asks for a missing GPU stops before any work; on a machine
/// with a usable CUDA device, a learner step there equals the CPU's and a checkpoint written from GPU
/// tensors loads on the CPU (elsewhere those two are skipped with the reason).
@Suite struct DevicePlacementTests {
  @Test func aRunAskingForAnUnusableDeviceStopsBeforeAnyWork() throws {
    var config = Preset.tinyCartpole.config
    config.device = "cuda:\(Device.cudaDeviceCount)"  // one past the last usable device
    #expect(throws: TorchError.self) { _ = try PipelineTests.cartPoleTrainer(config) }
    config.device = "tpu"
    #expect(throws: ConfigError.self) { try config.validate() }
  }

  @Test func aNetworkOnTheCPUKeepsItsOutputsThroughTheDevicePath() throws {
    let config = Fixtures.tinyImageConfig()
    let network = try EfficientZeroNetwork(config, generator: Generator(seed: 5))
    network.eval()
    let batch = try Fixtures.batch(config, size: 3, unroll: 1, seed: 5)
    let input = try batch.observations.slice(dim: 1, start: 0, end: config.stackedFrames)
    let shaped = try input.reshape([3, config.inputChannels, 16, 16])
    let before = try network.initialInference(shaped)
    try network.move(to: .cpu)
    #expect(network.device == .cpu)
    let after = try network.initialInference(shaped)
    #expect(before.values == after.values && before.policyLogits == after.policyLogits)
  }

  @Test(.enabled(if: Device.cudaAvailable, "needs a usable CUDA device"))
  func aLearnerStepOnTheGPUEqualsTheCPUStep() throws {
    let config = Fixtures.tinyImageConfig()
    var loss = Fixtures.lossConfig(unroll: 2)
    loss.augmentation = false
    var optimizer = OptimizerConfig()
    optimizer.collectionSteps = 100
    func learner(on device: Device) throws -> Learner {
      let network = try EfficientZeroNetwork(config, generator: Generator(seed: 9))
      try network.move(to: device)
      return try Learner(network: network, lossConfig: loss, optimizerConfig: optimizer, seed: 9)
    }
    let cpu = try learner(on: .cpu)
    let gpu = try learner(on: .cuda(0))
    #expect(gpu.target.device == .cuda(0) && gpu.nextTarget.device == .cuda(0))
    let batch = try Fixtures.batch(config, size: 8, unroll: 2, seed: 9)
    for _ in 0..<3 {
      let a = try cpu.train(on: batch), b = try gpu.train(on: batch)
      #expect(abs(a.losses.total - b.losses.total) < 1e-3 * max(1, abs(a.losses.total)))
      #expect(zip(a.priorities, b.priorities).allSatisfy { abs($0 - $1) < 1e-3 })
    }
    for (p, q) in zip(cpu.network.stateDict(), gpu.network.stateDict()) where p.tensor.dtype == .float32 {
      let x = try p.tensor.toArray(Float.self), y = try q.tensor.toArray(Float.self)
      #expect(zip(x, y).allSatisfy { abs($0 - $1) < 1e-3 }, "\(p.name)")
    }
  }

  /// `amp` on a GPU (float16 autocast, loss scaling): steps are finite and update the weights, and
  /// inference hands the search float32.
  @Test(.enabled(if: Device.cudaAvailable, "needs a usable CUDA device"))
  func aMixedPrecisionStepOnTheGPUIsFinite() throws {
    let config = Fixtures.tinyImageConfig()
    let network = try EfficientZeroNetwork(config, generator: Generator(seed: 10))
    try network.move(to: .cuda(0))
    network.useMixedPrecision()
    var optimizer = OptimizerConfig()
    optimizer.collectionSteps = 100
    let learner = try Learner(network: network, lossConfig: Fixtures.lossConfig(unroll: 2), optimizerConfig: optimizer, seed: 10)
    let batch = try Fixtures.batch(config, size: 8, unroll: 2, seed: 10)
    let before = try network.parameters()[0].to(.cpu).toArray(Float.self)
    var updated = 0
    for _ in 0..<4 {
      let report = try learner.train(on: batch)
      #expect(report.losses.total.isFinite)
      if !report.updateSkipped { updated += 1 }
    }
    #expect(updated > 0)
    #expect(try network.parameters()[0].to(.cpu).toArray(Float.self) != before)
    learner.target.eval()
    let input = try batch.observations.slice(dim: 1, start: 0, end: config.stackedFrames).reshape([8, config.inputChannels, 16, 16])
    let out = try learner.target.initialInference(input)
    #expect(out.latent.dtype == .float32 && out.values.allSatisfy(\.isFinite))
  }

  @Test(.enabled(if: Device.cudaAvailable, "needs a usable CUDA device"))
  func aCheckpointOfGPUTensorsLoadsOnTheCPU() throws {
    let config = Fixtures.tinyImageConfig()
    let gpu = try EfficientZeroNetwork(config, generator: Generator(seed: 4))
    try gpu.move(to: .cuda(0))
    let folder = try CheckpointTests.temporaryRun()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("model.pt").path
    try TensorFile.save(gpu.stateDict(), to: path)
    let cpu = try EfficientZeroNetwork(config)
    try cpu.load(stateDict: TensorFile.load(from: path))
    for (p, q) in zip(gpu.stateDict(), cpu.stateDict()) {
      #expect(try p.tensor.to(.cpu).isIdentical(to: q.tensor), "\(p.name)")
    }
  }

  /// Channels-last convolutions give the same inference and the same loss as the plain layout, up to
  /// rounding; copies placed like a channels-last network are channels-last too.
  @Test func channelsLastGivesTheSameOutputsAndLoss() throws {
    let config = Fixtures.tinyImageConfig()
    let plain = try EfficientZeroNetwork(config, generator: Generator(seed: 6))
    let fast = try EfficientZeroNetwork(config)
    try fast.copyState(from: plain)
    try fast.useChannelsLast()
    #expect(fast.isChannelsLast && !plain.isChannelsLast)
    let copy = try EfficientZeroNetwork(config)
    try copy.place(like: fast)
    #expect(copy.isChannelsLast)
    let batch = try Fixtures.batch(config, size: 4, unroll: 2, seed: 6)
    let lossConfig = Fixtures.lossConfig(unroll: 2)
    let a = try plain.loss(batch, config: lossConfig), b = try fast.loss(batch, config: lossConfig)
    #expect(abs(a.terms.total - b.terms.total) < 1e-4 * max(1, abs(a.terms.total)))
    plain.eval()
    fast.eval()
    let input = try batch.observations.slice(dim: 1, start: 0, end: config.stackedFrames).reshape([4, config.inputChannels, 16, 16])
    let p = try plain.initialInference(input), q = try fast.initialInference(input)
    #expect(zip(p.values, q.values).allSatisfy { abs($0 - $1) < 1e-4 })
    #expect(zip(p.policyLogits, q.policyLogits).allSatisfy { abs($0 - $1) < 1e-4 })
    let r = try plain.recurrentInference(p.latent, actions: [0, 1, 2, 3], rewardState: p.rewardState)
    let s = try fast.recurrentInference(q.latent, actions: [0, 1, 2, 3], rewardState: q.rewardState)
    #expect(zip(r.valuePrefixes, s.valuePrefixes).allSatisfy { abs($0 - $1) < 1e-4 })
  }
}
