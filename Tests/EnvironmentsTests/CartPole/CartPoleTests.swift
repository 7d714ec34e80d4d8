import Testing

@testable import Environments

// A time limit turns an environment that hangs into a failure.
@Suite(.timeLimit(.minutes(20))) struct CartPoleTests {
  /// Leans the cart under the pole: keeps it up for the whole episode.
  static func balance(_ observation: [Float]) -> Int {
    observation[2] + 0.5 * observation[3] + 0.05 * observation[0] + 0.1 * observation[1] > 0 ? 1 : 0
  }

  @Test func aSnapshotContinuesTheSameEpisodeAndRandomStream() throws {
    var env = CartPole(seed: 4)
    _ = try env.reset(seed: 11)
    for t in 0..<7 { _ = try env.step(t % 2) }
    let saved = try #require(try env.snapshot())
    func rollout(_ e: inout CartPole) throws -> [[Float]] {
      var out: [[Float]] = []
      for t in 0..<40 {
        let (obs, result) = try e.step(t % 3 == 0 ? 1 : 0)
        out.append(obs)
        // The next episode's start draws from the saved random stream.
        if result.done { out.append(try e.reset(seed: nil)) }
      }
      return out
    }
    let expected = try rollout(&env)
    var other = CartPole(seed: 99)
    try other.restore(snapshot: saved)
    #expect(try rollout(&other) == expected)
    #expect(throws: EnvironmentError.self) { try other.restore(snapshot: Array(saved.dropLast())) }
    var shorter = CartPole(maxEpisodeSteps: 100)
    #expect(throws: EnvironmentError.self) { try shorter.restore(snapshot: saved) }
  }

  @Test func oneStepMatchesGymnasium() throws {
    // Gymnasium CartPole-v1 from the zero state, pushing right: [0, 0.19512195, 0, -0.29268293].
    var cartPole = CartPole()
    var observation = [Float](repeating: 0, count: 4)
    _ = try observation.withUnsafeMutableBufferPointer { try cartPole.reset(state: (0, 0, 0, 0), into: $0) }
    let result = try observation.withUnsafeMutableBufferPointer { try cartPole.step(1, into: $0) }
    let expected: [Float] = [0, 0.19512195, 0, -0.29268293]
    for (value, target) in zip(observation, expected) { #expect(abs(value - target) < 1e-6) }
    #expect(result.reward == 1 && !result.done)
  }

  @Test func startsNearUprightAndReplaysBySeed() throws {
    var first = CartPole(), second = CartPole()
    for seed: UInt64 in 0..<20 {
      let start = try first.reset(seed: seed)
      #expect(start.allSatisfy { abs($0) <= 0.05 })
      #expect(try second.reset(seed: seed) == start)
      for action in [0, 1, 1, 0, 1] { #expect(try first.step(action) == second.step(action)) }
    }
  }

  @Test func fallingPoleTerminatesWithReward() throws {
    var cartPole = CartPole()
    _ = try cartPole.reset(seed: 0)
    var steps = 0
    var result: StepResult
    repeat {
      result = try cartPole.step(1).result
      steps += 1
      #expect(result.reward == 1)
    } while !result.done
    #expect(result.terminated && !result.truncated && steps < 50)
    #expect(throws: EnvironmentError.resetRequired) { try cartPole.step(0) }
  }

  @Test func balancedEpisodesAreTruncatedAt500Steps() throws {
    var cartPole = CartPole()
    var observation = try cartPole.reset(seed: 1)
    for step in 1...500 {
      let (next, result) = try cartPole.step(Self.balance(observation))
      observation = next
      #expect(result.truncated == (step == 500) && !result.terminated)
      #expect(result.info.gameScore == Double(step))
    }
  }

  @Test func invalidActionIsAnError() throws {
    var cartPole = CartPole()
    _ = try cartPole.reset(seed: 0)
    #expect(throws: EnvironmentError.invalidAction(2, actionCount: 2)) { try cartPole.step(2) }
  }
}
