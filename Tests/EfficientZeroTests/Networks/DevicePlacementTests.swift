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
    let report = try DeviceCheck.learnerSteps(on: .cuda(0))
    #expect(report.copiesOnTheDevice)
    #expect(report.agrees(), "\(report)")
  }

  /// `amp` on a GPU (float16 autocast, loss scaling): steps are finite and update the weights, and
  /// inference hands the search float32.
  @Test(.enabled(if: Device.cudaAvailable, "needs a usable CUDA device"))
  func aMixedPrecisionStepOnTheGPUIsFinite() throws {
    let report = try DeviceCheck.mixedPrecisionSteps(on: .cuda(0))
    #expect(report.passes, "\(report)")
  }

  @Test(.enabled(if: Device.cudaAvailable, "needs a usable CUDA device"))
  func aCheckpointOfGPUTensorsLoadsOnTheCPU() throws {
    let folder = try CheckpointTests.temporaryRun()
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(try DeviceCheck.checkpointFromTheDevice(.cuda(0), folder: folder) == [])
  }

  /// The checks `ezero devices --check` runs on a GPU, run here with the CPU as the "device": they must
  /// pass where nothing can differ, and the agreement must notice a difference.
  @Test func theDeviceChecksPassOnTheCPUAndNoticeADifference() throws {
    let same = try DeviceCheck.learnerSteps(on: .cpu, steps: 2)
    #expect(same.agrees(within: 1e-6), "\(same)")
    var off = same
    off.largestWeightDifference = 0.01
    #expect(!off.agrees())
    #expect(try DeviceCheck.mixedPrecisionSteps(on: .cpu, steps: 2).passes)
    let folder = try CheckpointTests.temporaryRun()
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(try DeviceCheck.checkpointFromTheDevice(.cpu, folder: folder) == [])
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
    let lossConfig = Fixtures.lossConfig()
    let shared = Fixtures.shared(unroll: 2)
    let a = try plain.loss(batch, config: lossConfig, shared: shared), b = try fast.loss(batch, config: lossConfig, shared: shared)
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
