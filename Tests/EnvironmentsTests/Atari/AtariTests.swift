import Foundation
import Testing

@testable import Environments

/// Gray frames where colour is beside the point: the same protocol, a third of the pixels.
private func gray(_ config: AtariConfig) -> AtariConfig {
  var config = config
  config.colour = .gray
  return config
}

// A time limit turns an environment that hangs into a failure.
@Suite(.timeLimit(.minutes(20))) struct AtariProtocolTests {
  @Test func observationsAreStackedChannelFirstFrames() throws {
    let rgb = try Atari(game: "Breakout")
    #expect(rgb.observationSpec.shape == [12, 96, 96])
    #expect(rgb.observationSpec.scalar == .uint8)
    #expect(rgb.observationSpec.stackedFrames == 4)
    #expect(try rgb.reset(seed: 0).count == 12 * 96 * 96)
    #expect(try rgb.step(0).observation.count == 12 * 96 * 96)
    let mono = try Atari(game: "Breakout", config: gray(.training))
    #expect(mono.observationSpec.shape == [4, 96, 96])
  }

  @Test func actionsAreTheMinimalSet() throws {
    let breakout = try Atari(game: "Breakout", config: gray(.training))
    #expect(breakout.actionSpace.names == ["NOOP", "FIRE", "RIGHT", "LEFT"])
    var full = gray(.training)
    full.fullActionSpace = true
    #expect(try Atari(game: "Breakout", config: full).actionSpace.count == 18)
  }

  @Test func defaultsFollowThePaperAndReference() {
    let training = AtariConfig.training, evaluation = AtariConfig.evaluation
    #expect(training.frameSkip == 4 && training.stackedFrames == 4 && training.height == 96 && training.width == 96)
    #expect(training.colour == .rgb && training.noopStarts == 1...30 && training.repeatActionProbability == 0)
    #expect(training.terminalOnLifeLoss && training.clipRewards && training.maxEpisodeSteps == 3_000)
    #expect(!evaluation.terminalOnLifeLoss && !evaluation.clipRewards && evaluation.maxEpisodeFrames == 108_000)
  }

  @Test(arguments: [AtariConfig.Colour.rgb, .gray])
  func framesAreAlesOwnScreensDownsampled(colour: AtariConfig.Colour) throws {
    var config = AtariConfig.training
    config.colour = colour
    let atari = try Atari(game: "Breakout", config: config)
    let observation = try atari.reset(seed: 5)
    let (height, width) = (atari.emulator.screenHeight, atari.emulator.screenWidth)
    var screen = [UInt8](repeating: 0, count: height * width * colour.channels)
    try screen.withUnsafeMutableBufferPointer {
      if colour == .rgb { try atari.emulator.screenRGB(into: $0) } else { try atari.emulator.screenGray(into: $0) }
    }
    var resizer = AreaResizer(sourceHeight: height, sourceWidth: width, height: 96, width: 96, channels: colour.channels)
    var expected = [UInt8](repeating: 0, count: resizer.outputCount)
    screen.withUnsafeBufferPointer { s in expected.withUnsafeMutableBufferPointer { resizer.resize(s, into: $0) } }
    let newest = Array(observation.suffix(expected.count)) == expected
    #expect(newest, "the newest frame is not ALE's screen, downsampled")
  }

  @Test func stackShiftsByOneFrameEachStepOldestFirst() throws {
    let atari = try Atari(game: "Breakout", config: gray(.training))
    let frame = 96 * 96
    var previous = try atari.reset(seed: 1)
    for k in 1..<4 {
      let repeated = previous[(k * frame)..<((k + 1) * frame)] == previous[0..<frame]
      #expect(repeated, "frame \(k) after a reset differs from the first")
    }
    var changed = false
    for action in [1, 2, 2, 3, 3, 2] {
      let observation = try atari.step(action).observation
      let shifted = observation[0..<(3 * frame)] == previous[frame..<(4 * frame)]
      #expect(shifted, "the three older frames are not the previous observation's three newer ones")
      changed = changed || observation[(3 * frame)...] != previous[(3 * frame)...]
      previous = observation
    }
    #expect(changed, "the newest frame never changed")
  }

  /// A snapshot continues the same game: emulator, no-op draws of later episodes, lives, frame stack.
  @Test func aSnapshotContinuesTheSameGame() throws {
    let config = gray(.training)
    let atari = try Atari(game: "Breakout", config: config)
    _ = try atari.reset(seed: 3)
    for t in 0..<40 where try atari.step(t % atari.actionSpace.count).result.done { _ = try atari.reset(seed: nil) }
    let saved = try #require(try atari.snapshot())
    func rollout(_ env: Atari) throws -> [[UInt8]] {
      var out: [[UInt8]] = []
      for t in 0..<400 {
        let (observation, result) = try env.step((t * 7 / 3) % env.actionSpace.count)
        out.append(observation + [UInt8(truncatingIfNeeded: Int(result.info.rawReward)), result.done ? 1 : 0])
        if result.done { out.append(try env.reset(seed: nil)) }
      }
      return out
    }
    let expected = try rollout(atari)
    #expect(expected.count > 400, "the rollout crosses at least one episode end")
    let other = try Atari(game: "Breakout", config: config)
    _ = try other.reset(seed: 77)
    try other.restore(snapshot: saved)
    #expect(try rollout(other) == expected)
    let pong = try Atari(game: "Pong", config: config)
    #expect(throws: EnvironmentError.self) { try pong.restore(snapshot: saved) }
    #expect(throws: EnvironmentError.self) { try other.restore(snapshot: Array(saved.dropLast(3))) }
  }

  @Test func sameSeedReplaysBitForBit() throws {
    func play(_ atari: Atari, seed: UInt64) throws -> [([UInt8], StepResult)] {
      var random = SeededRandom(seed: 99)
      var trace = [(try atari.reset(seed: seed), StepResult(reward: 0, terminated: false, truncated: false, info: StepInfo()))]
      for _ in 0..<60 {
        let (observation, result) = try atari.step(random.uniform(in: 0...(atari.actionSpace.count - 1)))
        trace.append((observation, result))
        if result.done { trace.append((try atari.reset(), result)) }
      }
      return trace
    }
    var config = AtariConfig.training
    config.repeatActionProbability = 0.25  // sticky actions draw from ALE's generator: seeded too
    let first = try Atari(game: "Breakout", config: config), second = try Atari(game: "Breakout", config: config)
    let a = try play(first, seed: 42), b = try play(second, seed: 42), again = try play(first, seed: 42)
    let sameAcrossEnvironments = a.map(\.0) == b.map(\.0) && a.map(\.1) == b.map(\.1)
    let sameAfterReseeding = a.map(\.0) == again.map(\.0) && a.map(\.1) == again.map(\.1)
    #expect(sameAcrossEnvironments)
    #expect(sameAfterReseeding)
    let differentSeedDiffers = try play(second, seed: 43).map(\.0) != a.map(\.0)
    #expect(differentSeedDiffers)
  }

  @Test func noopStartsPlayTheDrawnNumberOfFrames() throws {
    var fixed = gray(.evaluation)
    fixed.noopStarts = 7...7
    let atari = try Atari(game: "Breakout", config: fixed)
    _ = try atari.reset(seed: 0)
    #expect(atari.noopFramesAtStart == 7)
    #expect(atari.framesEmulated == 7)
    #expect(try atari.emulator.frameNumbers.episode == 7)

    let random = try Atari(game: "Breakout", config: gray(.evaluation))
    var counts = Set<Int>()
    for seed in 0..<12 {
      _ = try random.reset(seed: UInt64(seed))
      counts.insert(random.noopFramesAtStart)
    }
    #expect(counts.allSatisfy { (1...30).contains($0) })
    #expect(counts.count > 3)
  }

  @Test func lifeLossEndsTrainingEpisodesOnly() throws {
    // Breakout: serve, then stand still until the ball is missed.
    func playUntilLifeLost(_ config: AtariConfig) throws -> (atari: Atari, result: StepResult, steps: Int) {
      let atari = try Atari(game: "Breakout", config: gray(config))
      _ = try atari.reset(seed: 3)
      for step in 1...200 {
        let result = try atari.step(step == 1 ? 1 : 0).result
        if result.info.lives < 5 { return (atari, result, step) }
        #expect(!result.done)
      }
      Issue.record("no life lost in 200 steps")
      throw EnvironmentError.resetRequired
    }
    let training = try playUntilLifeLost(.training)
    #expect(training.result.terminated && !training.result.info.gameOver)
    let evaluation = try playUntilLifeLost(.evaluation)
    #expect(evaluation.steps == training.steps)
    #expect(!evaluation.result.terminated && !evaluation.result.done)

    // The training game goes on after the reset: same lives, step count carried over.
    #expect(throws: EnvironmentError.resetRequired) { try training.atari.step(0) }
    _ = try training.atari.reset()
    #expect(training.atari.lives == 4)
    #expect(try !training.atari.step(1).result.done)
  }

  @Test func rewardsAreClippedInTrainingOnly() throws {
    // Space Invaders pays 5 to 30 points per invader: firing scores more than 1 quickly.
    for config in [AtariConfig.training, .evaluation] {
      let atari = try Atari(game: "SpaceInvaders", config: gray(config))
      _ = try atari.reset(seed: 0)
      var largest = 0.0
      for _ in 0..<300 where largest <= 1 {
        let result = try atari.step(1).result
        largest = max(largest, result.info.rawReward)
        let expected = config.clipRewards ? Double(Int(result.info.rawReward).signum()) : result.info.rawReward
        #expect(result.reward == expected)
        if result.done { _ = try atari.reset() }
      }
      #expect(largest > 1)
    }
  }

  @Test func episodesAreTruncatedAtTheFrameCap() throws {
    var capped = gray(.evaluation)
    capped.maxEpisodeFrames = 40
    let atari = try Atari(game: "Breakout", config: capped)
    _ = try atari.reset(seed: 0)
    for step in 1...10 {
      let result = try atari.step(0).result
      #expect(result.truncated == (step == 10) && !result.terminated)
      #expect(result.info.gameSteps == step)
    }
    #expect(throws: EnvironmentError.resetRequired) { try atari.step(0) }
    _ = try atari.reset()
    #expect(try !atari.step(0).result.done)
  }

  @Test func scoreIsRawAndCountsTheWholeGame() throws {
    let atari = try Atari(game: "SpaceInvaders", config: gray(.training))
    _ = try atari.reset(seed: 0)
    var total = 0.0
    for _ in 0..<150 {
      let result = try atari.step(1).result
      total += result.info.rawReward
      #expect(result.info.gameScore == total)
      if result.done { break }
    }
  }
}

@Suite struct AtariErrorTests {
  @Test func invalidActionIsAnError() throws {
    let atari = try Atari(game: "Breakout", config: gray(.training))
    _ = try atari.reset(seed: 0)
    #expect(throws: EnvironmentError.invalidAction(4, actionCount: 4)) { try atari.step(4) }
    #expect(throws: EnvironmentError.invalidAction(-1, actionCount: 4)) { try atari.step(-1) }
    #expect(EnvironmentError.invalidAction(4, actionCount: 4).description.contains("0...3"))
  }

  @Test func steppingBeforeResetIsAnError() throws {
    let atari = try Atari(game: "Breakout", config: gray(.training))
    #expect(throws: EnvironmentError.resetRequired) { try atari.step(0) }
  }

  @Test func unknownGameIsAnError() {
    #expect(throws: EnvironmentError.self) { try Atari(game: "Brekout") }
  }

  @Test func badRomFilesAreErrorsNotExits() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("roms-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }

    let missing = folder.appendingPathComponent("missing.bin")
    #expect(throws: EnvironmentError.romNotFound(path: missing.path)) { try Atari(rom: missing) }

    // Garbage under a supported game's file name: ALE itself would accept the name and run it.
    let garbage = folder.appendingPathComponent("breakout.bin")
    try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) }).write(to: garbage)
    do {
      _ = try Atari(game: "Breakout", romDirectory: folder)
      Issue.record("a damaged ROM loaded")
    } catch let EnvironmentError.unsupportedROM(path, reason) {
      #expect(path == garbage.path)
      #expect(reason.contains("MD5"))
    }

    let empty = folder.appendingPathComponent("empty.bin")
    try Data().write(to: empty)
    #expect(throws: EnvironmentError.self) { try Atari(rom: empty) }
  }

  @Test func invalidConfigurationIsAnError() {
    var config = AtariConfig.training
    config.frameSkip = 0
    #expect(throws: EnvironmentError.self) { try Atari(game: "Breakout", config: config) }
    config = .training
    config.repeatActionProbability = 1.5
    #expect(throws: EnvironmentError.self) { try Atari(game: "Breakout", config: config) }
  }

  @Test func shortObservationBufferIsAnError() throws {
    let atari = try Atari(game: "Breakout", config: gray(.training))
    let short = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 10)
    defer { short.deallocate() }
    #expect(throws: EnvironmentError.observationBufferTooSmall(needed: 4 * 96 * 96, got: 10)) {
      try atari.reset(seed: 0, into: short)
    }
  }
}
