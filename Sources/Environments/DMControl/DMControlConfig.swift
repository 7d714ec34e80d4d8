/// The pixel protocol of the DMControl 100k benchmarks (CURL, DrQ) and EfficientZero's discretisation.
///
/// Per agent step the discrete action's controls are held for `actionRepeat` control steps, rewards
/// are summed, and one frame is rendered after the last; observations stack the last `stackedFrames`
/// frames on the channel axis, oldest first.
public struct DMControlConfig: Sendable, Hashable {
  /// Control steps per agent step; `nil` takes the task's convention (8 cartpole, 4 reacher and cup).
  public var actionRepeat: Int?
  public var stackedFrames = 3
  /// Discrete values per action dimension (EfficientZero: 5).
  public var actionValuesPerDimension = 5
  public var rendering = DMControlRendering.dmControl
  /// Control steps per episode; `nil` takes dm_control's time limit (1000 for these tasks).
  public var maxControlSteps: Int?

  public init() {}

  /// The benchmarks' settings.
  public static let pixels = DMControlConfig()

  /// Throws `invalidConfiguration` for settings out of range.
  public func validate() throws {
    func require(_ condition: Bool, _ message: String) throws {
      if !condition { throw EnvironmentError.invalidConfiguration(message) }
    }
    try require((actionRepeat ?? 1) >= 1, "actionRepeat must be at least 1 (got \(actionRepeat ?? 0))")
    try require(stackedFrames >= 1, "stackedFrames must be at least 1 (got \(stackedFrames))")
    try require(actionValuesPerDimension >= 2,
                "actionValuesPerDimension must be at least 2 (got \(actionValuesPerDimension))")
    try require((maxControlSteps ?? 1) >= 1, "maxControlSteps must be at least 1 (got \(maxControlSteps ?? 0))")
    try rendering.validate()
  }
}
