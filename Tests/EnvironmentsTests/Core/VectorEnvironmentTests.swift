import Testing

@testable import Environments

// A time limit turns an environment that hangs into a failure.
@Suite(.timeLimit(.minutes(20))) struct VectorEnvironmentTests {
  @Test(arguments: [1, 2, 3])
  func matchesEnvironmentsSteppedOneByOne(workers: Int) throws {
    let count = 5
    let vector = try VectorEnvironment(count: count, workers: workers) { _ in CartPole() }
    var singles = (0..<count).map { _ in CartPole() }
    let seeds = (0..<count).map { UInt64($0 * 7) }
    try vector.reset(seeds: seeds)
    for i in 0..<count { #expect(Array(vector.observation(i)) == (try singles[i].reset(seed: seeds[i]))) }

    var random = SeededRandom(seed: 5)
    var episodesEnded = 0
    for _ in 0..<120 {
      let actions = (0..<count).map { _ in random.uniform(in: 0...1) }
      try vector.step(actions)
      for i in 0..<count {
        let (observation, result) = try singles[i].step(actions[i])
        #expect(vector.results[i] == result)
        if result.done {
          episodesEnded += 1
          #expect(Array(vector.finalObservation(i)) == observation)
          #expect(Array(vector.observation(i)) == (try singles[i].reset()))
        } else {
          #expect(Array(vector.observation(i)) == observation)
        }
      }
    }
    #expect(episodesEnded > 0, "no episode ended, so auto-reset went untested")
  }

  @Test func atariBatchMatchesSingleEnvironments() throws {
    var config = AtariConfig.training
    config.colour = .gray
    let vector = try VectorEnvironment(count: 2, workers: 2) { _ in try Atari(game: "Breakout", config: config) }
    let singles = try (0..<2).map { _ in try Atari(game: "Breakout", config: config) }
    try vector.reset(seeds: [1, 2])
    for i in 0..<2 {
      let same = Array(vector.observation(i)) == (try singles[i].reset(seed: UInt64(i + 1)))
      #expect(same, "first observation of environment \(i)")
    }
    for step in 0..<25 {
      let actions = [step % 4, (step + 1) % 4]
      try vector.step(actions)
      for i in 0..<2 {
        let (observation, result) = try singles[i].step(actions[i])
        #expect(vector.results[i] == result)
        let expected = result.done ? try singles[i].reset() : observation
        let same = Array(vector.observation(i)) == expected
        #expect(same, "observation of environment \(i) at step \(step)")
      }
    }
    #expect(vector.observations.count == 2 * 4 * 96 * 96)
  }

  @Test func badBatchesAreErrors() throws {
    let vector = try VectorEnvironment(count: 3, workers: 2) { _ in CartPole() }
    try vector.reset()
    #expect(throws: EnvironmentError.self) { try vector.step([0, 1]) }
    #expect(throws: EnvironmentError.invalidAction(7, actionCount: 2)) { try vector.step([0, 7, 1]) }
    #expect(throws: EnvironmentError.self) { try vector.reset(seeds: [1]) }
    #expect(throws: EnvironmentError.self) { try VectorEnvironment([CartPole]()) }
    #expect(throws: EnvironmentError.self) { try VectorEnvironment([CartPole()], workers: 0) }
  }

  @Test func environmentsMustShareSpaces() throws {
    var config = AtariConfig.training
    config.colour = .gray
    let breakout = try Atari(game: "Breakout", config: config), pong = try Atari(game: "Pong", config: config)
    #expect(throws: EnvironmentError.self) { try VectorEnvironment([breakout, pong]) }
  }

  @Test func workerErrorsReachTheCaller() throws {
    let vector = try VectorEnvironment(count: 2, workers: 2) { _ in CartPole() }
    // Stepping before any reset: each environment refuses.
    #expect(throws: EnvironmentError.resetRequired) { try vector.step([0, 0]) }
  }
}
