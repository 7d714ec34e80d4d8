import Foundation
import Yams

/// A YAML config file: a flat mapping of config keys (see `ezero train --help`) to values, with
/// an optional `preset:` key naming the preset it starts from.
public struct ConfigFile: Sendable {
  public var preset: String?
  public var entries: [(key: String, value: String)]

  public init(path: String) throws {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw ConfigError("cannot read config file \(path)")
    }
    let node: Node?
    do { node = try Yams.compose(yaml: text) } catch { throw ConfigError("\(path) is not valid YAML: \(error)") }
    guard let mapping = node?.mapping else { throw ConfigError("\(path) must hold a mapping of key: value") }
    var entries: [(String, String)] = []
    var preset: String? = nil
    for (k, v) in mapping {
      guard let key = k.string, let value = v.scalar?.string else {
        throw ConfigError("\(path): every entry must be a plain key: value (got \(k))")
      }
      if key == "preset" { preset = value } else { entries.append((key, value)) }
    }
    self.preset = preset
    self.entries = entries
  }

  public func apply(to config: inout TrainingConfig) throws {
    for (key, value) in entries { try config.set(key, to: value) }
  }

  /// The configuration stored in a checkpoint: every field of its `config.json`; for checkpoints
  /// without one, its `config.yaml`'s preset (as the code defines it now) with the file's entries applied.
  public static func ofCheckpoint(_ folder: URL) throws -> (config: TrainingConfig, preset: Preset) {
    let file = try ConfigFile(path: folder.appendingPathComponent("config.yaml").path)
    guard let name = file.preset, let preset = Preset(rawValue: name) else {
      throw CheckpointError("\(folder.path)/config.yaml names no known preset")
    }
    if FileManager.default.fileExists(atPath: folder.appendingPathComponent(TrainingConfig.checkpointFileName).path) {
      _ = try CheckpointDirectory.verify(folder, only: [TrainingConfig.checkpointFileName])
    }
    if let saved = try TrainingConfig.saved(inCheckpoint: folder) { return (saved, preset) }
    var config = preset.config
    try file.apply(to: &config)
    return (config, preset)
  }
}
