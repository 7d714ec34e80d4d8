import ArgumentParser
import EfficientZero
import Environments
import Torch

/// The exit codes of `ezero`, one per kind of failure (the BSD sysexits values where one fits):
///
/// | code | meaning |
/// |---|---|
/// | 0 | success, or a run stopped by SIGINT/SIGTERM after writing its checkpoint |
/// | 1 | any other failure |
/// | 64 | bad command line or configuration (unknown flag, key, preset, game; value out of range) |
/// | 65 | a checkpoint or data file that is damaged or does not fit the run |
/// | 66 | missing input: a ROM, a checkpoint, a run directory |
/// | 69 | a Ray cluster that cannot be reached, refuses a job, or does not see the output folder |
/// | 70 | libtorch or the simulator failed, or training diverged (a non-finite loss) |
enum ExitStatus {
  static let table =
    "Exit codes: 0 success (also a run stopped by Ctrl-C/SIGTERM after its checkpoint), 1 other failure, "
    + "64 bad command line or configuration, 65 damaged or incompatible checkpoint, 66 missing input "
    + "(ROM, checkpoint, run directory), 69 Ray cluster unreachable or output folder not shared, 70 libtorch or simulator failure or a non-finite loss."

  static func code(for error: any Error) -> Int32? {
    switch error {
    case is ConfigError: return 64
    case is CheckpointError: return 65
    case let e as EnvironmentError:
      switch e {
      case .romNotFound, .romDirectoryNotFound: return 66
      case .unknownGame, .invalidConfiguration, .invalidAction: return 64
      default: return 70
      }
    case is DMControlError: return 70
    case is TorchError: return 70
    case is TrainingError: return 70
    case let e as MissingInput: _ = e; return 66
    case is ExperimentFailed: return 1
    case is ClusterError: return 69
    default: return nil
    }
  }
}
