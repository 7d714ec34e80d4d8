import Foundation
import Testing

@testable import Environments

/// A snapshot continues the same episode: physics (warm start included), the task's random stream
/// for the next episodes, the frame stack and the counters.
// A time limit turns an environment that hangs into a failure.
@Suite(.timeLimit(.minutes(20))) struct DMControlSnapshotTests {
  @Test(arguments: DMControlTask.allCases) func aSnapshotContinuesTheSameEpisode(_ task: DMControlTask) throws {
    var config = DMControlConfig.pixels
    config.rendering = .fast
    let env = try DMControl(task: task, config: config, seed: 5)
    _ = try env.reset(seed: 5)
    let n = env.actionSpace.count
    for t in 0..<20 { _ = try env.step((t * 3) % n) }
    let saved = try #require(try env.snapshot())
    func rollout(_ e: DMControl) throws -> [[UInt8]] {
      var out: [[UInt8]] = []
      for t in 0..<(e.maxEpisodeSteps + 10) {
        let (observation, result) = try e.step((t * 7 + 1) % n)
        out.append(observation + withUnsafeBytes(of: result.reward) { Array($0) })
        // The next episode's initial state comes from the saved random stream.
        if result.done { out.append(try e.reset(seed: nil)) }
      }
      return out
    }
    let expected = try rollout(env)
    let other = try DMControl(task: task, config: config, seed: 123)
    _ = try other.reset(seed: 123)
    try other.restore(snapshot: saved)
    #expect(try rollout(other) == expected)
    let elsewhere = try DMControl(task: task == .reacherEasy ? .cartpoleSwingup : .reacherEasy, config: config)
    #expect(throws: EnvironmentError.self) { try elsewhere.restore(snapshot: saved) }
  }
}
