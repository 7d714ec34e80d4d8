#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation

/// A program started in a process group of its own (a Ctrl-C at the terminal reaches only the
/// launcher, which decides what its children get), its output appended to a log file.
final class ChildProcess {
  let pid: pid_t
  private(set) var exitStatus: Int32?

  init(executable: URL, arguments: [String], log: URL) throws {
    try FileManager.default.createDirectory(at: log.deletingLastPathComponent(), withIntermediateDirectories: true)
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, log.path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
    posix_spawnattr_setpgroup(&attributes, 0)
    // The child starts with the default action for the stop signals and none blocked, whatever the launcher set.
    var defaults = sigset_t()
    sigemptyset(&defaults)
    sigaddset(&defaults, SIGINT)
    sigaddset(&defaults, SIGTERM)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    var none = sigset_t()
    sigemptyset(&none)
    posix_spawnattr_setsigmask(&attributes, &none)

    let argv = ([executable.path] + arguments).map { strdup($0) }
    defer { argv.forEach { free($0) } }
    var child: pid_t = 0
    let result = posix_spawn(&child, executable.path, &actions, &attributes, argv + [nil], environ)
    guard result == 0 else { throw ConfigError("cannot start \(executable.path): \(String(cString: strerror(result)))") }
    pid = child
  }

  /// Whether the child has ended (its status is then in `exitStatus`: the exit code, or 128 + the signal).
  func poll() -> Bool {
    if exitStatus != nil { return true }
    var status: Int32 = 0
    let result = waitpid(pid, &status, WNOHANG)
    guard result == pid else { return false }
    let signalNumber = status & 0x7f
    exitStatus = signalNumber == 0 ? (status >> 8) & 0xff : 128 + signalNumber
    return true
  }

  func send(_ signalNumber: Int32) { kill(pid, signalNumber) }
}
