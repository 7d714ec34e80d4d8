import Foundation

/// Where a run's settings come from, and the rules of resuming: a new run takes a preset, then a
/// config file's entries, then the command line's choices and `key=value` overrides (the last one
/// wins); a resumed run takes its checkpoint's settings as saved, where only the operational keys
/// (`TrainingConfig.operationalKeys`) may change.
public struct RunConfiguration: Sendable {
  public var config: TrainingConfig
  /// The preset the run started from (its name goes into `config.yaml`).
  public var preset: Preset

  /// A new run's settings. `preset` (or the file's `preset:`, or `cartpole`) is the starting point;
  /// `threads` = nil keeps the preset's; `overrides` are `key=value` items.
  public static func fresh(
    preset: String?, file: ConfigFile?, seed: UInt64? = nil, environment: String? = nil, threads: Int? = nil,
    overrides: [String] = []
  ) throws -> RunConfiguration {
    let chosen = try Preset.named(preset ?? file?.preset ?? Preset.cartpole.rawValue)
    var config = chosen.config
    try file?.apply(to: &config)
    if let seed { config.seed = seed }
    if let threads { config.threads = threads }
    if let environment { config.environment = environment }
    try apply(overrides, to: &config)
    return RunConfiguration(config: config, preset: chosen)
  }

  /// A resumed run's settings: those saved in `checkpoint`, with only operational keys overridable.
  public static func resumed(checkpoint: URL, threads: Int? = nil, overrides: [String] = []) throws -> RunConfiguration {
    // Damage to the settings is reported as such before they are read (the rest is checked by the restore).
    _ = try CheckpointDirectory.verify(checkpoint, only: ["config.yaml"])
    var (config, preset) = try ConfigFile.ofCheckpoint(checkpoint)
    if let threads { config.threads = threads }
    try apply(overrides, to: &config, allowed: TrainingConfig.operationalKeys)
    return RunConfiguration(config: config, preset: preset)
  }

  /// The latest checkpoint of the run in `runDirectory`, which `--resume` continues.
  public static func checkpointToResume(in runDirectory: URL) throws -> URL {
    guard let checkpoint = CheckpointDirectory(runDirectory: runDirectory).latest() else {
      throw MissingInput(
        "\(runDirectory.path) holds no checkpoint to resume (it is written every checkpoint_interval steps and when a run stops)")
    }
    return checkpoint
  }

  /// Applies `key=value` items in order; with `allowed`, a known key outside it is refused (it would
  /// change what a resumed run computes).
  public static func apply(_ overrides: [String], to config: inout TrainingConfig, allowed: Set<String>? = nil) throws {
    for item in overrides {
      guard let eq = item.firstIndex(of: "=") else { throw ConfigError("a setting expects key=value, got '\(item)'") }
      let key = String(item[..<eq])
      if let allowed, !allowed.contains(key), TrainingConfig.keys.contains(key) {
        throw ConfigError(
          "\(key) cannot change when resuming (it changes what the run computes); keys that can: "
            + allowed.sorted().joined(separator: ", "))
      }
      try config.set(key, to: String(item[item.index(after: eq)...]))
    }
  }

  /// The settings and the preset, as a pair.
  public var pair: (config: TrainingConfig, preset: Preset) { (config, preset) }

  /// The text of the run's `config.yaml`: its preset and every key (a valid config file).
  public var fileText: String { "preset: \(preset.rawValue)\n" + config.resolvedDescription + "\n" }
}

extension Preset {
  /// The preset called `name`, or an error that lists the presets.
  public static func named(_ name: String) throws(ConfigError) -> Preset {
    guard let preset = Preset(rawValue: name) else {
      throw ConfigError("unknown preset '\(name)'; allowed: \(Preset.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    return preset
  }
}
