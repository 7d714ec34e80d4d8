/// When a run ends before `training_steps` and counts as finished (its final evaluation follows):
/// a training step (the schedules still run to `training_steps`), a wall-clock budget, or a
/// periodic evaluation whose mean return reaches a goal. Nil parts never stop the run.
public struct StopRule: Sendable, Equatable, Codable {
  public var trainingStep: Int?
  /// Minutes of training in this process (a resumed run counts from its restart).
  public var wallMinutes: Double?
  public var goalReturn: Double?

  public init(trainingStep: Int? = nil, wallMinutes: Double? = nil, goalReturn: Double? = nil) {
    self.trainingStep = trainingStep
    self.wallMinutes = wallMinutes
    self.goalReturn = goalReturn
  }

  public static let none = StopRule()

  public func validate() throws(ConfigError) {
    if let trainingStep, trainingStep < 1 { throw ConfigError("the stop step must be >= 1, got \(trainingStep)") }
    if let wallMinutes, !(wallMinutes > 0) { throw ConfigError("the wall-clock budget must be > 0 minutes, got \(wallMinutes)") }
    if let goalReturn, !goalReturn.isFinite { throw ConfigError("the goal return must be a finite number") }
  }

  /// The `ezero train` options that carry this rule to a run started as its own process.
  public var arguments: [String] {
    var out: [String] = []
    if let trainingStep { out += ["--stop-at-step", "\(trainingStep)"] }
    if let wallMinutes { out += ["--stop-after-minutes", "\(wallMinutes)"] }
    if let goalReturn { out += ["--stop-at-return", "\(goalReturn)"] }
    return out
  }
}
