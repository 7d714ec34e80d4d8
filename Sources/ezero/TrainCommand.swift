import ArgumentParser
import EfficientZero
import Environments
import Foundation
import Metrics

/// `ezero train`: EfficientZero on an environment, then the evaluation protocol on the final model.
struct TrainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train",
    abstract: "Train EfficientZero on an environment, then evaluate the final model.",
    discussion: """
      Presets: \(Preset.allCases.map { $0.rawValue }.joined(separator: ", ")).
      Any config field can be set from a YAML file (--config) or a flag (--set key=value); flags win.
      Config keys: \(TrainingConfig.keys.joined(separator: ", ")).

      Examples:
        ezero train --preset cartpole --seed 0
        ezero train --preset atari100k --game Breakout --set training_steps=20000
        ezero train --config my-run.yaml --run-dir runs/breakout-1
      """)

  @Option(help: "Configuration preset.")
  var preset: String?
  @Option(help: "YAML file of config keys (and optionally `preset:`).")
  var config: String?
  @Option(help: "Environment: 'cartpole' or an Atari game (e.g. Breakout, ALE/Pong-v5). Default: the preset's.")
  var game: String?
  @Option(help: "Random seed.")
  var seed: UInt64 = 0
  @Option(name: .customLong("set"), help: ArgumentHelp("Override a config field (repeatable).", valueName: "key=value"))
  var overrides: [String] = []
  @Option(help: "Run directory for the resolved config, metrics (TensorBoard, CSV, JSONL) and results.")
  var runDir: String?
  @Option(help: "libtorch threads (default: the preset's; 0 = one per core; concurrent mode uses 1 per thread).")
  var threads: Int?
  @Flag(help: "Run self-play, reanalysis and the learner on concurrent threads (not deterministic).")
  var concurrent = false
  @Option(help: "Reanalysis threads in concurrent mode.")
  var reanalyzeWorkers = 1

  func resolvedConfig() throws -> TrainingConfig {
    let file = try config.map(ConfigFile.init(path:))
    let presetName = preset ?? file?.preset ?? "cartpole"
    guard let chosen = Preset(rawValue: presetName) else {
      throw ValidationError("unknown preset '\(presetName)'; allowed: \(Preset.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    var resolved = chosen.config
    try file?.apply(to: &resolved)
    resolved.seed = seed
    // Concurrent threads each run libtorch single-threaded so that the cores are not oversubscribed.
    if let threads { resolved.threads = threads } else if concurrent { resolved.threads = 1 }
    if let game { resolved.environment = game }
    for item in overrides {
      guard let eq = item.firstIndex(of: "=") else { throw ValidationError("--set expects key=value, got '\(item)'") }
      try resolved.set(String(item[..<eq]), to: String(item[item.index(after: eq)...]))
    }
    return resolved
  }

  func run() throws {
    var config = try resolvedConfig()
    let environment = try EnvironmentChoice(name: config.environment)
    try environment.adapt(&config)
    try config.validate()
    let directory = URL(fileURLWithPath: runDir ?? "runs/\(config.environment.replacingOccurrences(of: "/", with: "-"))-seed\(seed)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    try (config.resolvedDescription + "\n").write(to: directory.appendingPathComponent("config.yaml"), atomically: true, encoding: .utf8)
    let logger = try MetricsLogger(runDirectory: directory)
    defer { try? logger.close() }
    print("training \(config.environment), seed \(seed), \(config.optimizer.trainingSteps) steps; run directory \(directory.path)")
    switch environment {
    case .cartPole:
      let trainer = try Trainer(
        config: config, makeTrainingEnvironment: { i in environment.makeCartPole(seed: config.seed &+ UInt64(i)) },
        makeEvaluationEnvironment: { i in environment.makeCartPole(seed: UInt64(i)) })
      try train(trainer, logger: logger, directory: directory)
    case .dmControl:
      let trainer = try Trainer(
        config: config, makeTrainingEnvironment: { i in try environment.makeDMControl(config, seed: config.seed &+ UInt64(i)) },
        makeEvaluationEnvironment: { i in try environment.makeDMControl(config, seed: UInt64(i)) })
      try train(trainer, logger: logger, directory: directory)
    case .atari:
      let trainer = try Trainer(
        config: config, makeTrainingEnvironment: { _ in try environment.makeAtari(config, evaluation: false) },
        makeEvaluationEnvironment: { _ in try environment.makeAtari(config, evaluation: true) })
      try train(trainer, logger: logger, directory: directory)
    }
  }

  private func train<Env>(_ trainer: Trainer<Env>, logger: MetricsLogger, directory: URL) throws {
    let config = trainer.config
    var lastReport = 0.0
    let report: (TrainingProgress) -> Void = { p in
      var scalars: [String: Double] = p.losses.reduce(into: [:]) { $0["loss/\($1.key)"] = $1.value }
      scalars["train/lr"] = p.learningRate
      scalars["progress/env_steps"] = Double(p.environmentSteps)
      scalars["progress/replay_moves"] = Double(p.replayMoves)
      let interval = max(p.seconds - lastReport, 1e-9)
      scalars["speed/train_steps_per_s"] = Double(config.logInterval) / interval
      lastReport = p.seconds
      if !p.recentReturns.isEmpty { scalars["train/episode_return"] = p.recentReturns.reduce(0, +) / Double(p.recentReturns.count) }
      try? logger.log(scalars: scalars, step: p.trainingStep)
      let losses = ["total", "value_prefix", "reward", "value", "policy", "consistency"].compactMap { key in
        p.losses[key].map { "\(key) \(String(format: "%.3f", $0))" }
      }.joined(separator: ", ")
      let recent = scalars["train/episode_return"].map { String(format: "%.1f", $0) } ?? "-"
      print(
        "step \(p.trainingStep)  env steps \(p.environmentSteps)  replay \(p.replayMoves)  lr \(String(format: "%.4f", p.learningRate))  "
          + "return(last 10) \(recent)  [\(losses)]  \(String(format: "%.0f", p.seconds)) s "
          + String(format: "(self-play %.1f, reanalyze %.1f, learner %.1f)", p.phases.selfPlay, p.phases.reanalyze, p.phases.learner))
      if config.evaluationInterval > 0 && p.trainingStep % config.evaluationInterval == 0
        && p.trainingStep < config.optimizer.trainingSteps, let returns = try? trainer.evaluate(episodes: config.evaluationEpisodes)
      {
        try? logger.log(scalars: ["eval/return_mean": returns.reduce(0, +) / Double(max(returns.count, 1))], step: p.trainingStep)
      }
    }
    if concurrent {
      try trainer.runConcurrently(reanalyzeWorkers: reanalyzeWorkers, progress: report)
    } else {
      try trainer.run(progress: report)
    }
    let n = config.evaluationEpisodes
    guard n > 0 else { return }
    let returns = try trainer.evaluate(episodes: n)
    let mean = returns.reduce(0, +) / Double(returns.count)
    let std = (returns.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(returns.count)).squareRoot()
    var scalars = ["eval/return_mean": mean, "eval/return_std": std]
    var summary = String(format: "evaluation over %d episodes (seeds 0..%d): mean %.1f, std %.1f", n, n - 1, mean, std)
    if let hns = try? AtariScores.humanNormalized(mean, game: config.environment) {
      scalars["eval/human_normalized"] = hns
      summary += String(format: ", human-normalised %.3f", hns)
    }
    try logger.log(scalars: scalars, step: trainer.trainingStep)
    try (summary + "\n").write(to: directory.appendingPathComponent("evaluation.txt"), atomically: true, encoding: .utf8)
    print(summary)
  }
}
