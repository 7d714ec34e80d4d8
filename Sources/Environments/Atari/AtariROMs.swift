import Foundation

/// Where the Atari ROMs live: the `ale/roms` folder of the dependency cache that
/// `scripts/bootstrap.sh` fills.
public enum AtariROMs {
  /// The ROM folder, first found of: `$EZERO_ALE_ROMS`; `$EZERO_DEPS/ale/roms`;
  /// `$HOME/.cache/ezero-deps/ale/roms` (the bootstrap's default cache).
  public static func defaultDirectory(
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> URL {
    if let roms = environment["EZERO_ALE_ROMS"], !roms.isEmpty {
      return URL(fileURLWithPath: roms, isDirectory: true)
    }
    return DependencyCache.folder(environment: environment).appendingPathComponent("ale/roms", isDirectory: true)
  }

  /// ALE names of the ROMs in `directory` (file names without `.bin`), sorted.
  public static func available(in directory: URL) throws -> [String] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue
    else { throw EnvironmentError.romDirectoryNotFound(path: directory.path) }
    let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return files.filter { $0.hasSuffix(".bin") }.map { String($0.dropLast(4)) }.sorted()
  }

  /// The file of one ROM.
  public static func file(for romName: String, in directory: URL) -> URL {
    directory.appendingPathComponent(romName + ".bin", isDirectory: false)
  }
}
