import Foundation
import Testing

@testable import Environments

/// Environments stepped on worker threads (each GL context moves to whichever thread renders)
/// give the same episodes as stepped one by one on this thread.
// A time limit turns an environment that hangs into a failure.
@Suite(.timeLimit(.minutes(20))) struct DMControlVectorTests {
  @Test func workerThreadsGiveTheSameEpisodes() throws {
    var config = DMControlConfig.pixels
    config.rendering = .fast
    let vector = try VectorEnvironment(count: 3, workers: 2) { _ in try DMControl(task: .reacherEasy, config: config) }
    let alone = try (0..<3).map { _ in try DMControl(task: .reacherEasy, config: config) }
    try vector.reset(seeds: [10, 11, 12])
    for (i, env) in alone.enumerated() {
      #expect(Array(vector.observation(i)) == (try env.reset(seed: UInt64(10 + i))))
    }
    for step in 0..<4 {
      let actions = (0..<3).map { (5 * step + 7 * $0) % 25 }
      try vector.step(actions)
      for (i, env) in alone.enumerated() {
        let (observation, result) = try env.step(actions[i])
        #expect(Array(vector.observation(i)) == observation && vector.results[i] == result, "env \(i), step \(step)")
      }
    }
  }
}
