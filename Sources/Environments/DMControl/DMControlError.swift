import Foundation

/// What can go wrong creating or driving a DeepMind Control Suite task.
public enum DMControlError: Error, Equatable, CustomStringConvertible, LocalizedError {
  /// A name matched no task; `known` lists the names that do.
  case unknownTask(String, known: [String])
  /// The task files are not where the bootstrap puts them.
  case assetsNotFound(path: String)
  /// MuJoCo could not load or compile a model, or it lacks an expected object.
  case model(String)
  /// MuJoCo failed or judged the physical state invalid.
  case physics(String)
  /// The GL context or MuJoCo's renderer failed.
  case rendering(String)

  public var description: String {
    switch self {
    case .unknownTask(let name, let known):
      return "unknown DMControl task '\(name)'; known tasks: " + known.joined(separator: ", ")
    case .assetsNotFound(let path):
      return "DMControl task files not found at \(path) (run scripts/bootstrap.sh, or set EZERO_DMC_ASSETS)"
    case .model(let message):
      return "MuJoCo model error: \(message)"
    case .physics(let message):
      return "MuJoCo physics error: \(message)"
    case .rendering(let message):
      return "MuJoCo rendering error: \(message)"
    }
  }

  public var errorDescription: String? { description }
}
