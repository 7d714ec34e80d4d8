import Foundation

/// An Atari 2600 game under the Atari 100k protocol (see `AtariConfig`).
///
/// Per step: the action is repeated for `frameSkip` frames, rewards are summed, the last two frames
/// are max-pooled, the result is area-downsampled to `height x width` and pushed onto the frame stack.
/// Observations are `UInt8`, channel-first, `stackedFrames` frames oldest first.
/// A class because it owns an emulator; use it from one thread at a time.
public final class Atari: Environment {
  public typealias Scalar = UInt8

  public let game: AtariGame
  public let config: AtariConfig
  public let observationSpec: ObservationSpec
  public let actionSpace: ActionSpace
  /// ALE action ids behind the action indices.
  public let aleActions: [Int32]

  let emulator: ALEEmulator
  private let rom: URL
  private var random: SeededRandom
  private let palette: ScreenPalette
  private var resizer: AreaResizer
  private var stack: FrameStack
  /// Raw pixel values of the last two frames of a step (slot 0 the earlier), for the max-pool.
  private var pixels: [UInt8]
  private let pixelCount: Int
  /// The pooled frame in colour (or gray), interleaved, before downsampling.
  private var screen: [UInt8]

  /// Game state since the last real reset.
  private var currentLives = 0
  private var gameScore = 0.0
  private var gameSteps = 0
  private var episodeEnded = true
  /// The last episode ended on a lost life only: the next reset continues the game.
  private var continuesAfterLifeLoss = false

  /// No-op frames played at the start of the current game.
  public private(set) var noopFramesAtStart = 0
  /// Frames this environment has asked the emulator for (steps, no-op starts), not counting ALE's own
  /// frames inside a game reset.
  public private(set) var framesEmulated = 0

  /// A game by any name `AtariGame.named` accepts, with its ROM from `romDirectory`
  /// (default: `AtariROMs.defaultDirectory()`).
  public convenience init(game name: String, config: AtariConfig = .training, romDirectory: URL? = nil) throws {
    let directory = romDirectory ?? AtariROMs.defaultDirectory()
    let game = try AtariGame.named(name, romDirectory: directory)
    try self.init(rom: AtariROMs.file(for: game.romName, in: directory), config: config)
  }

  /// A game from a ROM file, which must be one ALE supports.
  public init(rom: URL, config: AtariConfig = .training) throws {
    try config.validate()
    game = AtariGame(romName: try ALEEmulator.validate(rom: rom))
    self.rom = rom
    self.config = config
    emulator = try ALEEmulator()
    try emulator.set("repeat_action_probability", config.repeatActionProbability)
    try emulator.set("frame_skip", 1)  // frames are skipped here, so that the last two can be pooled
    let seeds = Atari.seeds(from: 0)
    try emulator.set("random_seed", seeds.emulator)
    try emulator.load(rom: rom)
    random = SeededRandom(seed: seeds.noops)

    aleActions = try config.fullActionSpace ? emulator.legalActions() : emulator.minimalActions()
    actionSpace = ActionSpace(names: aleActions.map { ALEEmulator.actionNames[Int($0)] })
    let channels = config.colour.channels
    observationSpec = ObservationSpec(
      shape: [channels * config.stackedFrames, config.height, config.width], scalar: .uint8,
      stackedFrames: config.stackedFrames)
    resizer = AreaResizer(
      sourceHeight: emulator.screenHeight, sourceWidth: emulator.screenWidth,
      height: config.height, width: config.width, channels: channels)
    stack = FrameStack(frameCount: channels * config.height * config.width, depth: config.stackedFrames)
    let colours = try emulator.palette()
    palette = ScreenPalette(rgb: colours.rgb, gray: colours.gray)
    pixelCount = emulator.screenHeight * emulator.screenWidth
    pixels = [UInt8](repeating: 0, count: 2 * pixelCount)
    screen = [UInt8](repeating: 0, count: pixelCount * channels)
  }

  /// Lives left in the current game.
  public var lives: Int { currentLives }

  // MARK: Environment

  public func reset(seed: UInt64?, into observation: UnsafeMutableBufferPointer<UInt8>) throws -> StepInfo {
    try checkBuffer(observation)
    if let seed {
      try reseed(seed)
      continuesAfterLifeLoss = false
    }
    var rawReward = 0.0
    if continuesAfterLifeLoss {
      // The reference's episodic-life reset: one no-op step, and the game goes on.
      let (reward, gameOver) = try advance(aleAction: 0)
      rawReward = Double(reward)
      gameScore += rawReward
      gameSteps += 1
      currentLives = try emulator.lives
      if gameOver || capReached {
        try startGame()
        rawReward = 0
      }
    } else {
      try startGame()
    }
    continuesAfterLifeLoss = false
    episodeEnded = false
    stack.fillWithNewest()
    stack.write(into: observation)
    return StepInfo(lives: currentLives, rawReward: rawReward, gameScore: gameScore, gameSteps: gameSteps)
  }

  public func step(_ action: Int, into observation: UnsafeMutableBufferPointer<UInt8>) throws -> StepResult {
    guard !episodeEnded else { throw EnvironmentError.resetRequired }
    try actionSpace.validate(action)
    try checkBuffer(observation)
    let (reward, gameOver) = try advance(aleAction: aleActions[action])
    let raw = Double(reward)
    gameScore += raw
    gameSteps += 1
    let lives = try emulator.lives
    // As the reference: a life counts as lost only while some remain, so the game's end is not
    // reported twice by games that linger at zero lives.
    let lifeLost = lives < currentLives && lives > 0
    currentLives = lives
    let terminated = gameOver || (config.terminalOnLifeLoss && lifeLost)
    let truncated = capReached
    continuesAfterLifeLoss = terminated && !gameOver && !truncated
    episodeEnded = terminated || truncated
    stack.write(into: observation)
    let learned = config.clipRewards ? Double(reward.signum()) : raw
    return StepResult(
      reward: learned, terminated: terminated, truncated: truncated,
      info: StepInfo(lives: lives, rawReward: raw, gameScore: gameScore, gameSteps: gameSteps, gameOver: gameOver))
  }

  // MARK: Snapshots

  public func snapshot() throws -> [UInt8]? {
    var out = SnapshotBytes()
    out.put(owner: game.romName)
    out.put(array: try emulator.cloneState())
    out.put(array: random.words)
    stack.save(into: &out)
    out.put(currentLives)
    out.put(gameScore)
    out.put(gameSteps)
    out.put(episodeEnded)
    out.put(continuesAfterLifeLoss)
    out.put(noopFramesAtStart)
    out.put(framesEmulated)
    return out.bytes
  }

  public func restore(snapshot: [UInt8]) throws {
    var input = SnapshotBytes(snapshot)
    try input.take(owner: game.romName)
    let emulatorState: [UInt8] = try input.takeArray()
    let words: [UInt64] = try input.takeArray()
    guard words.count == 4 else { throw EnvironmentError.invalidConfiguration("environment snapshot is damaged") }
    var restoredStack = stack
    try restoredStack.restore(from: &input)
    let lives: Int = try input.take()
    let score: Double = try input.take()
    let steps: Int = try input.take()
    let ended: Bool = try input.take()
    let continues: Bool = try input.take()
    let noops: Int = try input.take()
    let frames: Int = try input.take()
    try input.finish()
    try emulator.restoreState(emulatorState)
    random.words = words
    stack = restoredStack
    (currentLives, gameScore, gameSteps, episodeEnded) = (lives, score, steps, ended)
    (continuesAfterLifeLoss, noopFramesAtStart, framesEmulated) = (continues, noops, frames)
  }

  // MARK: Steps

  private var capReached: Bool {
    guard let cap = config.maxEpisodeSteps else { return false }
    return gameSteps >= cap
  }

  /// Plays one step: the action for `frameSkip` frames (stopping at game over), then the
  /// pooled, resized frame onto the stack. Returns the summed raw reward.
  private func advance(aleAction: Int32) throws -> (reward: Int, gameOver: Bool) {
    let skip = config.frameSkip
    let pool = config.maxPoolLastTwoFrames && skip >= 2
    var reward = 0
    var gameOver = false
    var last = 0
    for frame in 0..<skip {
      reward += try emulator.act(aleAction)
      framesEmulated += 1
      gameOver = try emulator.isGameOver
      last = frame
      if pool && frame == skip - 2 { try readPixels(slot: 0) }
      if gameOver { break }
    }
    if pool && last == skip - 1 {
      try readPixels(slot: 1)
      pushScreen(pooled: true)
    } else {
      // No pair to pool (or the game ended before it): the final frame alone is the observation.
      if !(pool && last == skip - 2) { try readPixels(slot: 0) }
      pushScreen(pooled: false)
    }
    return (reward, gameOver)
  }

  /// Starts a new game: ALE's reset, then the random no-op start.
  private func startGame() throws {
    try emulator.resetGame()
    let noops = random.uniform(in: config.noopStarts)
    for _ in 0..<noops {
      _ = try emulator.act(0)
      framesEmulated += 1
      if try emulator.isGameOver { try emulator.resetGame() }
    }
    noopFramesAtStart = noops
    try readPixels(slot: 0)
    pushScreen(pooled: false)
    gameScore = 0
    gameSteps = 0
    currentLives = try emulator.lives
  }

  /// Reseeds both the emulator (ALE seeds at ROM load, so the ROM is reloaded) and the no-op draws.
  private func reseed(_ seed: UInt64) throws {
    let seeds = Atari.seeds(from: seed)
    try emulator.set("random_seed", seeds.emulator)
    try emulator.load(rom: rom)
    random = SeededRandom(seed: seeds.noops)
    episodeEnded = true
  }

  /// Independent seeds for ALE (a non-negative 31-bit int) and for the no-op draws.
  private static func seeds(from seed: UInt64) -> (emulator: Int, noops: UInt64) {
    var mixer = seed
    let emulator = Int(SeededRandom.splitMix(&mixer) >> 33)
    return (emulator, SeededRandom.splitMix(&mixer))
  }

  private func readPixels(slot: Int) throws {
    let count = pixelCount
    try pixels.withUnsafeMutableBufferPointer { all in
      try emulator.screenIndices(into: UnsafeMutableBufferPointer(rebasing: all[slot * count..<(slot + 1) * count]))
    }
  }

  /// Converts the frame in slot 0 (pooled with slot 1) to colour, and downsamples it straight into the
  /// frame stack's next slot.
  private func pushScreen(pooled: Bool) {
    let (count, colour, palette) = (pixelCount, config.colour, self.palette)
    pixels.withUnsafeBufferPointer { all in
      let first = UnsafeBufferPointer(rebasing: all[0..<count])
      let second = pooled ? UnsafeBufferPointer(rebasing: all[count..<2 * count]) : nil
      screen.withUnsafeMutableBufferPointer { screen in
        if colour == .rgb {
          palette.rgb(first, pooledWith: second, into: screen)
        } else {
          palette.gray(first, pooledWith: second, into: screen)
        }
      }
    }
    screen.withUnsafeBufferPointer { screen in
      stack.withNextFrame { frame in resizer.resize(screen, into: frame) }
    }
    stack.commit()
  }

  private func checkBuffer(_ observation: UnsafeMutableBufferPointer<UInt8>) throws {
    guard observation.count >= observationSpec.count else {
      throw EnvironmentError.observationBufferTooSmall(needed: observationSpec.count, got: observation.count)
    }
  }
}
