import Foundation
import Testing

@testable import Environments

/// Our frames, rewards and states against dm_control's own (see `Reference` for how they were made).
///
/// Tolerance for frames: at most 0.25 % of the bytes may differ, in case llvmpipe's arithmetic varies
/// with the CPU; on the machine the references were made on they are identical, byte for byte. A wrong
/// state, camera, colour order, flip or render setting changes far more (a 1024 shadow map alone
/// changes 6-12 bytes; a pole off by a degree hundreds).
// A time limit turns an environment that hangs into a failure.
@Suite(.timeLimit(.minutes(20))) struct DMControlGoldenFrameTests {
  static let allowedDifferingFraction = 0.0025

  @Test(arguments: DMControlTask.allCases)
  func framesRewardsAndStatesMatchDMControl(task: DMControlTask) throws {
    let reference = try #require(Reference.all[task.name])
    let env = try DMControl(task: task)
    #expect(env.actionRepeat == reference.action_repeat)

    let first = try env.reset(seed: reference.seed)
    try expectFrame(env, first, matches: "\(task.name)-reset.ppm")

    var observation: [UInt8] = []
    for (step, action) in reference.actions.enumerated() {
      let (next, result) = try env.step(action)
      observation = next
      let repeats = reference.rewards[step * env.actionRepeat..<(step + 1) * env.actionRepeat]
      #expect(abs(result.reward - repeats.reduce(0, +)) <= 1e-9, "reward of agent step \(step)")
      let qpos = Array(env.physics.simulation.qpos), qvel = Array(env.physics.simulation.qvel)
      #expect(zip(qpos, reference.qpos[step]).allSatisfy { abs($0 - $1) <= 1e-9 }, "qpos after agent step \(step)")
      #expect(zip(qvel, reference.qvel[step]).allSatisfy { abs($0 - $1) <= 1e-9 }, "qvel after agent step \(step)")
    }
    try expectFrame(env, observation, matches: "\(task.name)-step\(Reference.steps).ppm")
  }

  /// The newest frame of `observation` (channel-first) and a fresh render (top row first, interleaved)
  /// both match the reference image.
  private func expectFrame(_ env: DMControl, _ observation: [UInt8], matches file: String) throws {
    let golden = try Reference.frame(file)
    #expect(golden.width == 84 && golden.height == 84)
    let image = try env.renderImage()
    let allowed = Int(Double(image.count) * Self.allowedDifferingFraction)
    let differing = differingBytes(image, golden.rgb)
    #expect(differing <= allowed, "\(file): \(differing) of \(image.count) bytes differ")

    let pixels = 84 * 84
    let newest = observation[((env.config.stackedFrames - 1) * 3 * pixels)...]
    var interleaved = [UInt8](repeating: 0, count: 3 * pixels)
    for channel in 0..<3 {
      for pixel in 0..<pixels { interleaved[3 * pixel + channel] = newest[newest.startIndex + channel * pixels + pixel] }
    }
    #expect(interleaved == image, "the observation's newest frame is the rendered image, channel-first")
  }
}
