/// The Atari 100k protocol, piece by piece. The defaults are those of the EfficientZero paper (Table 6)
/// and its reference implementation; `training` and `evaluation` differ only where the paper says so.
public struct AtariConfig: Sendable, Hashable {
  public enum Colour: Sendable, Hashable {
    /// Three channels per frame (the paper's setting).
    case rgb
    /// One luminance channel per frame (ALE's grayscale palette).
    case gray

    public var channels: Int { self == .rgb ? 3 : 1 }
  }

  /// Emulator frames per step, each repeating the chosen action.
  public var frameSkip = 4
  /// The observed frame is the pixel-wise max of the last two frames of a step.
  public var maxPoolLastTwoFrames = true
  /// Each game starts with a uniformly random number of no-op frames from this range
  /// (the reference draws from 1...30; `0...0` disables).
  public var noopStarts: ClosedRange<Int> = 1...30
  /// Observation size after area downsampling.
  public var height = 96
  public var width = 96
  public var colour = Colour.rgb
  /// Frames stacked on the channel axis, oldest first.
  public var stackedFrames = 4
  /// Losing a life ends the episode (the game goes on at the next reset). Training only.
  public var terminalOnLifeLoss: Bool
  /// Rewards are clipped to their sign; the raw reward and score stay in `StepInfo`. Training only.
  public var clipRewards: Bool
  /// Episodes are truncated after this many emulator frames (`nil`: never).
  public var maxEpisodeFrames: Int?
  /// ALE's sticky actions: the chance that each frame repeats the previous action instead.
  public var repeatActionProbability: Float = 0
  /// All 18 actions instead of the game's minimal set.
  public var fullActionSpace = false

  public init(terminalOnLifeLoss: Bool, clipRewards: Bool, maxEpisodeFrames: Int?) {
    self.terminalOnLifeLoss = terminalOnLifeLoss
    self.clipRewards = clipRewards
    self.maxEpisodeFrames = maxEpisodeFrames
  }

  /// Self-play: life loss is terminal, rewards clipped, episodes capped at 12,000 frames.
  public static let training = AtariConfig(terminalOnLifeLoss: true, clipRewards: true, maxEpisodeFrames: 12_000)

  /// The paper's final evaluation: whole games, raw rewards, capped at 108,000 frames.
  public static let evaluation = AtariConfig(terminalOnLifeLoss: false, clipRewards: false, maxEpisodeFrames: 108_000)

  /// Channels of one observation (stacked frames times colour channels).
  public var observationChannels: Int { colour.channels * stackedFrames }

  /// The episode cap in steps (frames divided by the frame skip, as the reference counts it).
  public var maxEpisodeSteps: Int? { maxEpisodeFrames.map { $0 / frameSkip } }

  /// Throws `invalidConfiguration` for settings out of range.
  public func validate() throws {
    func require(_ condition: Bool, _ message: String) throws {
      if !condition { throw EnvironmentError.invalidConfiguration(message) }
    }
    try require(frameSkip >= 1, "frameSkip must be at least 1 (got \(frameSkip))")
    try require(noopStarts.lowerBound >= 0, "noopStarts must not be negative (got \(noopStarts))")
    try require(height >= 1 && width >= 1, "observation size must be positive (got \(height)x\(width))")
    try require(stackedFrames >= 1, "stackedFrames must be at least 1 (got \(stackedFrames))")
    try require((0...1).contains(repeatActionProbability),
                "repeatActionProbability must be in 0...1 (got \(repeatActionProbability))")
    if let frames = maxEpisodeFrames {
      try require(frames >= frameSkip, "maxEpisodeFrames must be at least frameSkip (got \(frames))")
    }
  }
}
