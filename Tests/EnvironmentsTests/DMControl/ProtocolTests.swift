import Foundation
import Testing

@testable import Environments

/// The pixel protocol: shapes, frame stacking, action repeat and reward sums, time limits, seeding.
// A time limit turns an environment that hangs into a failure.
@Suite(.timeLimit(.minutes(20))) struct DMControlProtocolTests {
  @Test func observationsAreStackedChannelFirstRGBFrames() throws {
    let env = try DMControl(task: .cartpoleSwingup)
    #expect(env.observationSpec.shape == [9, 84, 84])
    #expect(env.observationSpec.scalar == .uint8)
    #expect(env.observationSpec.stackedFrames == 3)
    var config = DMControlConfig.pixels
    config.stackedFrames = 4
    config.rendering.width = 64
    config.rendering.height = 48
    let custom = try DMControl(task: .reacherEasy, config: config)
    #expect(custom.observationSpec.shape == [12, 48, 64])
    #expect(try custom.reset(seed: 0).count == 12 * 48 * 64)
  }

  @Test func framesStackOldestFirstAndStartAsCopies() throws {
    let env = try DMControl(task: .cartpoleSwingup)
    let frame = 3 * 84 * 84
    let first = try env.reset(seed: 1)
    #expect(first[0..<frame] == first[frame..<2 * frame] && first[frame..<2 * frame] == first[(2 * frame)...])
    let second = try env.step(4).observation
    let third = try env.step(4).observation
    #expect(second[0..<2 * frame] == first[frame...], "the stack shifted by one frame")
    #expect(third[0..<2 * frame] == second[frame...])
    #expect(third[(2 * frame)...] != second[(2 * frame)...], "the cart moved")
  }

  @Test func tasksKeepDMControlsTimingAndThePixelBenchmarksRepeats() throws {
    let expected: [(DMControlTask, physics: Int, repeat: Int, episode: Int)] = [
      (.cartpoleSwingup, 1, 8, 125), (.reacherEasy, 1, 4, 250), (.ballInCupCatch, 10, 4, 250),
    ]
    for (task, physicsSteps, repeats, episode) in expected {
      let physics = try physics(task)
      #expect(physics.physicsStepsPerControlStep == physicsSteps, "\(task)")
      #expect(physics.timeLimitInControlSteps == 1000, "\(task)")
      #expect(task.defaultActionRepeat == repeats)
      #expect((1000 + repeats - 1) / repeats == episode)
    }
    #expect(try physics(.cartpoleSwingup).simulation.usesRK4)
    #expect(try !physics(.ballInCupCatch).simulation.usesRK4)
  }

  @Test func episodesEndOnlyAtTheTimeLimitWithSummedRewards() throws {
    var config = DMControlConfig.pixels
    config.maxControlSteps = 20
    config.rendering = .fast
    let env = try DMControl(task: .cartpoleSwingup, config: config)
    #expect(env.maxEpisodeSteps == 3)
    _ = try env.reset(seed: 2)
    // The same control steps by hand, on a second copy of the physics.
    let twin = try physics(.cartpoleSwingup)
    try twin.startEpisode(seed: 2)
    for step in 1...3 {
      let result = try env.step(0).result
      let repeats = step < 3 ? 8 : 4  // the limit cuts the last repeat short
      let expected = try (0..<repeats).reduce(0.0) { sum, _ in sum + (try twin.controlStep([-1])) }
      #expect(result.reward == expected)
      #expect(!result.terminated)
      #expect(result.truncated == (step == 3))
      #expect(result.info.gameSteps == step)
    }
    #expect(throws: EnvironmentError.resetRequired) { try env.step(0) }
    _ = try env.reset()
    #expect(try !env.step(0).result.done)
  }

  @Test func theSameSeedGivesTheSameEpisode() throws {
    var config = DMControlConfig.pixels
    config.rendering = .fast
    let a = try DMControl(task: .ballInCupCatch, config: config)
    let b = try DMControl(task: .ballInCupCatch, config: config, seed: 99)
    #expect(try a.reset(seed: 5) == b.reset(seed: 5))
    for action in [0, 24, 12, 3] {
      let (left, right) = (try a.step(action), try b.step(action))
      #expect(left.observation == right.observation && left.result == right.result)
    }
    #expect(try a.reset(seed: 6) != b.reset(seed: 5))
  }

  @Test func invalidActionsAndBuffersAreRefused() throws {
    let env = try DMControl(task: .reacherEasy, config: { var c = DMControlConfig.pixels; c.rendering = .fast; return c }())
    #expect(throws: EnvironmentError.resetRequired) { try env.step(0) }
    _ = try env.reset(seed: 0)
    #expect(throws: EnvironmentError.invalidAction(25, actionCount: 25)) { try env.step(25) }
    var small = [UInt8](repeating: 0, count: 10)
    #expect(throws: EnvironmentError.observationBufferTooSmall(needed: 9 * 84 * 84, got: 10)) {
      try small.withUnsafeMutableBufferPointer { _ = try env.step(0, into: $0) }
    }
  }
}
