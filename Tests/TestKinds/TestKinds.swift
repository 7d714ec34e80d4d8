import Foundation
import Testing

/// Kinds of tests, for every test target.
extension Tag {
  /// Takes minutes, not seconds (a learning run, a whole CLI run on Atari): `make test-fast` leaves it out.
  @Tag public static var slow: Self
  /// Runs the system as a whole: the built executable, real environments, files on disk.
  @Tag public static var integration: Self
}

extension Trait where Self == ConditionTrait {
  /// Goes with `.tags(.slow)`: off when EZERO_FAST_TESTS is set, as `make test-fast` sets it.
  public static var notInFastRuns: Self {
    .disabled(if: ProcessInfo.processInfo.environment["EZERO_FAST_TESTS"] != nil, "slow; make test-fast leaves it out")
  }
}
