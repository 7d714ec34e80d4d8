import Foundation

/// The DeepMind Control Suite tasks of EfficientZero's DMControl 100k benchmark (Table 2), with
/// dm_control 1.0.50's settings for each.
public enum DMControlTask: String, CaseIterable, Sendable, Hashable {
  case cartpoleSwingup = "cartpole-swingup"
  case reacherEasy = "reacher-easy"
  case ballInCupCatch = "ball_in_cup-catch"

  /// The name users type (`cartpole-swingup`).
  public var name: String { rawValue }

  /// The model file's name without `.xml`.
  public var domain: String {
    switch self {
    case .cartpoleSwingup: "cartpole"
    case .reacherEasy: "reacher"
    case .ballInCupCatch: "ball_in_cup"
    }
  }

  /// Seconds per episode (dm_control's default time limit for the task).
  public var timeLimit: Double {
    switch self {
    case .cartpoleSwingup: 10
    case .reacherEasy, .ballInCupCatch: 20
    }
  }

  /// Seconds per control step, when it is not the physics time step.
  public var controlTimestep: Double? { self == .ballInCupCatch ? 0.02 : nil }

  /// Control steps each agent step repeats its action for, as in the pixel benchmarks (CURL, DrQ).
  public var defaultActionRepeat: Int { self == .cartpoleSwingup ? 8 : 4 }

  /// Resolves a name as users type it: `cartpole-swingup`, `dmc:reacher-easy`, `ball_in_cup-catch`,
  /// `ball-in-cup-catch`, `CartpoleSwingup` (case, separators and a `dmc:` prefix do not matter).
  public static func named(_ name: String) throws -> DMControlTask {
    let wanted = key(name)
    if let task = allCases.first(where: { key($0.rawValue) == wanted }) { return task }
    throw DMControlError.unknownTask(name, known: allCases.map(\.rawValue))
  }

  /// Whether `name` names a task here (for code that chooses between environment families).
  public static func isTaskName(_ name: String) -> Bool { (try? named(name)) != nil }

  static func key(_ name: String) -> String {
    var lowered = Substring(name.lowercased().trimmingCharacters(in: .whitespaces))
    for prefix in ["dmc:", "dmc/", "dm_control:", "dm_control/"] where lowered.hasPrefix(prefix) {
      lowered = lowered.dropFirst(prefix.count)
    }
    return String(lowered.filter { $0.isLetter || $0.isNumber })
  }
}
