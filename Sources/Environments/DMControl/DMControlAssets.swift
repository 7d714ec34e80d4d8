import Foundation

/// Where dm_control's task files live: the `mujoco/dmc` folder of the dependency cache that
/// `scripts/bootstrap.sh` fills (`<domain>.xml`, with the shared `common/` folder beside them).
public enum DMControlAssets {
  /// First found of: `$EZERO_DMC_ASSETS`; `$EZERO_DEPS/mujoco/dmc`; `$HOME/.cache/ezero-deps/mujoco/dmc`.
  public static func defaultDirectory(
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> URL {
    if let assets = environment["EZERO_DMC_ASSETS"], !assets.isEmpty {
      return URL(fileURLWithPath: assets, isDirectory: true)
    }
    return DependencyCache.folder(environment: environment).appendingPathComponent("mujoco/dmc", isDirectory: true)
  }

  /// The model file of a domain, checked to exist.
  public static func model(domain: String, in directory: URL) throws -> URL {
    let file = directory.appendingPathComponent(domain + ".xml", isDirectory: false)
    guard FileManager.default.fileExists(atPath: file.path) else {
      throw DMControlError.assetsNotFound(path: file.path)
    }
    return file
  }
}
