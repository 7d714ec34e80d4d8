import Foundation

/// The folder `scripts/bootstrap.sh` installs native dependencies into: `$EZERO_DEPS`, else
/// `$HOME/.cache/ezero-deps`.
enum DependencyCache {
  static func folder(environment: [String: String]) -> URL {
    if let explicit = environment["EZERO_DEPS"], !explicit.isEmpty {
      return URL(fileURLWithPath: explicit, isDirectory: true)
    }
    let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
    return URL(fileURLWithPath: home + "/.cache/ezero-deps", isDirectory: true)
  }
}
