import Foundation

/// Everything that can go wrong creating or driving an environment.
public enum EnvironmentError: Error, Equatable, CustomStringConvertible, LocalizedError {
  /// A game name matched no known game; `closeMatches` are the nearest known names.
  case unknownGame(String, closeMatches: [String])
  /// The ROM folder does not exist.
  case romDirectoryNotFound(path: String)
  /// The ROM file does not exist.
  case romNotFound(path: String)
  /// The file exists but is not a ROM this ALE supports (or could not be read).
  case unsupportedROM(path: String, reason: String)
  /// An action outside `0..<actionCount`.
  case invalidAction(Int, actionCount: Int)
  /// A setting out of its range.
  case invalidConfiguration(String)
  /// `step` was called after the episode ended, without a `reset`.
  case resetRequired
  /// The caller's observation buffer is shorter than one observation.
  case observationBufferTooSmall(needed: Int, got: Int)
  /// The emulator reported an error.
  case emulator(String)
  /// A batch call got inputs of the wrong size, or environments that differ in shape.
  case invalidBatch(String)

  public var description: String {
    switch self {
    case .unknownGame(let name, let matches):
      let hint = matches.isEmpty ? "" : "; did you mean " + matches.joined(separator: ", ") + "?"
      return "unknown Atari game '\(name)'\(hint)"
    case .romDirectoryNotFound(let path):
      return "Atari ROM folder not found at \(path) (run scripts/bootstrap.sh, or set EZERO_ALE_ROMS)"
    case .romNotFound(let path):
      return "Atari ROM not found: \(path)"
    case .unsupportedROM(let path, let reason):
      return "not a supported Atari ROM: \(path) (\(reason))"
    case .invalidAction(let action, let count):
      return "invalid action \(action): the action space has \(count) actions (0...\(count - 1))"
    case .invalidConfiguration(let message):
      return "invalid environment configuration: \(message)"
    case .resetRequired:
      return "the episode has ended: call reset before stepping again"
    case .observationBufferTooSmall(let needed, let got):
      return "observation buffer holds \(got) scalars, one observation needs \(needed)"
    case .emulator(let message):
      return "emulator error: \(message)"
    case .invalidBatch(let message):
      return "invalid batch: \(message)"
    }
  }

  public var errorDescription: String? { description }
}
