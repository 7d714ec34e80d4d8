import ArgumentParser
import EfficientZero
import Environments
import Foundation
import Logging
import Metrics
import Torch

/// `ezero train`: EfficientZero on an environment, then the evaluation protocol on the final model.
struct TrainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train",
    abstract: "Train EfficientZero on an environment, then evaluate the final model.",
    discussion: """
      Presets: \(Preset.allCases.map { $0.rawValue }.joined(separator: ", ")).
      Any config field can be set from a YAML file (--config) or a flag (--set key=value); flags win.
      Config keys: \(TrainingConfig.keys.joined(separator: ", ")).

      The run directory receives config.yaml (a valid --config file), TensorBoard event files,
      scalars.csv / scalars.jsonl, checkpoint/ (every checkpoint_interval steps and when the run
      stops) and evaluation.json. Ctrl-C or SIGTERM finishes the current step, writes the checkpoint
      and exits 0; --resume continues from it exactly (in synchronous mode the resumed run is the
      uninterrupted run, games in progress included).

      Examples:
        ezero train --preset cartpole --seed 0
        ezero train --preset atari100k --game Breakout --set training_steps=20000
        ezero train --config my-run.yaml --run-dir runs/breakout-1
        ezero train --resume --run-dir runs/breakout-1

      \(ExitStatus.table)
      """)

  @Option(help: "Configuration preset.")
  var preset: String?
  @Option(help: "YAML file of config keys (and optionally `preset:`).")
  var config: String?
  @Option(help: "Environment: 'cartpole', an Atari game (e.g. Breakout, ALE/Pong-v5) or a DMControl task (e.g. cartpole-swingup). Default: the preset's.")
  var game: String?
  @Option(help: "Random seed (default 0).")
  var seed: UInt64?
  @Option(name: .customLong("set"), help: ArgumentHelp("Override a config field (repeatable).", valueName: "key=value"))
  var overrides: [String] = []
  @Option(help: "Run directory for the resolved config, metrics, checkpoint and results (default runs/<environment>-seed<seed>).")
  var runDir: String?
  @Flag(help: "Continue the run in --run-dir from its checkpoint, with its settings.")
  var resume = false
  @Flag(help: "Continue the run in --run-dir if it holds a checkpoint of these settings, else start it (what a launcher runs).")
  var resumeExisting = false
  @Option(help: "End the run as finished at this training step (the schedules still run to training_steps).")
  var stopAtStep: Int?
  @Option(help: "End the run as finished after this many minutes of training in this process.")
  var stopAfterMinutes: Double?
  @Option(help: "End the run as finished at the first periodic evaluation whose mean return reaches this.")
  var stopAtReturn: Double?
  @Flag(help: "List every config key with its value in the chosen preset (and --config/--set) and its meaning, then exit.")
  var helpKeys = false
  @Flag(help: "With --help-keys: the list as a Markdown page (docs/keys.md is the atari100k preset's).")
  var markdown = false
  @Option(help: "libtorch threads (default: the preset's; 0 = one per core; concurrent mode uses 1 per thread).")
  var threads: Int?
  @Option(help: "Where the networks run: cpu, cuda or cuda:N (default: the preset's, cpu). Replay and search stay on the CPU.")
  var device: String?
  @Flag(help: "Run self-play, reanalysis and the learner on concurrent threads (not deterministic): the key concurrent=true.")
  var concurrent = false
  @Option(help: "Reanalysis threads in concurrent mode: the key reanalyze_workers.")
  var reanalyzeWorkers: Int?
  @OptionGroup var log: LogOptions

  /// `--device`, `--concurrent` and `--reanalyze-workers` as their keys, after the user's `--set`s.
  private var flagOverrides: [String] {
    overrides + (device.map { ["device=\($0)"] } ?? []) + (concurrent ? ["concurrent=true"] : [])
      + (reanalyzeWorkers.map { ["reanalyze_workers=\($0)"] } ?? [])
  }

  /// A new run's configuration: preset, then config file, then flags.
  func freshConfiguration() throws -> RunConfiguration {
    // Concurrent threads each run libtorch single-threaded so that the cores are not oversubscribed.
    try RunConfiguration.fresh(
      preset: preset, file: config.map(ConfigFile.init(path:)), seed: seed, environment: game,
      threads: threads ?? (concurrent ? 1 : nil), overrides: flagOverrides)
  }

  func run() throws {
    if helpKeys {
      let (config, chosen) = try freshConfiguration().pair
      if markdown { return print(KeyTable.markdown(config, preset: chosen), terminator: "") }
      print("config keys (values of preset \(chosen.rawValue)\(self.config == nil && overrides.isEmpty ? "" : " with your settings")):")
      let table = config.keyTable
      let keyWidth = table.map(\.key.count).max() ?? 0
      let valueWidth = min(24, table.map(\.value.count).max() ?? 0)
      for row in table {
        print(pad(row.key, keyWidth + 2) + pad(row.value, valueWidth + 2) + row.meaning + "  [\(TrainingConfig.origin(of: row.key).label)]")
      }
      return
    }
    let logger = log.makeLogger()
    var run = try prepareRun()
    run.stopRule = stopRule
    let config = run.config
    let layout = "CPU kernels \(Torch.cpuCapability), channels-last \(config.usesChannelsLast ? "on" : "off"), mixed precision \(config.usesMixedPrecision ? "on" : "off")"
    logger.info(
      "\(run.resumeFrom == nil ? "training" : "resuming") \(config.environment), seed \(config.seed), \(config.trainingSteps) steps; run directory \(run.directory.path); \(layout)")
    try TrainingSession(run: run, logger: logger).train()
  }

  var stopRule: StopRule { StopRule(trainingStep: stopAtStep, wallMinutes: stopAfterMinutes, goalReturn: stopAtReturn) }

  func validate() throws {
    do { try stopRule.validate() } catch { throw ValidationError("\(error)") }
    if resume && resumeExisting { throw ValidationError("--resume and --resume-existing exclude each other") }
    if resumeExisting && runDir == nil { throw ValidationError("--resume-existing needs --run-dir") }
  }

  /// The run to train: continued (--resume), new, or either (--resume-existing).
  private func prepareRun() throws -> TrainingRun {
    if resume {
      guard let runDir else { throw ConfigError("--resume needs --run-dir, the directory of the run to continue") }
      if preset != nil || config != nil || game != nil || seed != nil {
        throw ConfigError(
          "--resume continues a run with the settings in its checkpoint; --preset, --config, --game and --seed cannot change them")
      }
      return try TrainingRun.resumed(directory: URL(fileURLWithPath: runDir), threads: threads, overrides: flagOverrides)
    }
    let configuration = try freshConfiguration()
    let directory = runDir.map { URL(fileURLWithPath: $0) } ?? Self.freshRunDirectory(for: configuration.config)
    if resumeExisting { return try TrainingRun.newOrResumed(configuration, directory: directory) }
    return try TrainingRun.new(configuration, directory: directory)
  }

  /// runs/<environment>-seed<seed>, or the first of runs/<environment>-seed<seed>-2, -3, ... not yet used.
  static func freshRunDirectory(for config: TrainingConfig) -> URL {
    let base = "runs/\(config.environment.replacingOccurrences(of: "/", with: "-"))-seed\(config.seed)"
    var candidate = base
    var n = 1
    while FileManager.default.fileExists(atPath: candidate) {
      n += 1
      candidate = "\(base)-\(n)"
    }
    return URL(fileURLWithPath: candidate)
  }
}
