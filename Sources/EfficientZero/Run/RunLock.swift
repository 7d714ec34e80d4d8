#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation

/// One process trains a run directory at a time: an exclusive lock on `<run dir>/run.lock`, held
/// for the process's life (the kernel drops it when the process ends, however it ends). A second
/// `ezero train` on the same directory (a relaunched sweep while an orphaned run still trains) is
/// refused instead of writing beside the first.
final class RunLock {
  private let descriptor: Int32

  init(directory: URL) throws {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let path = directory.appendingPathComponent("run.lock").path
    descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw ConfigError("cannot open \(path): \(String(cString: strerror(errno)))") }
    guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
      let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
      close(descriptor)
      throw ConfigError("\(directory.path) is being trained by another process (pid \(holder)); stop it first")
    }
    let pid = "\(getpid())\n"
    _ = ftruncate(descriptor, 0)
    _ = pid.withCString { write(descriptor, $0, strlen($0)) }
  }

  deinit { close(descriptor) }
}
