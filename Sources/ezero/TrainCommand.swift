import ArgumentParser
import EfficientZero
import Environments
import Foundation

/// `ezero train`: the synchronous EfficientZero loop on a preset, then the evaluation protocol.
struct TrainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train",
    abstract: "Train EfficientZero on an environment, then evaluate the final model.",
    discussion: """
      Presets: \(Preset.allCases.map { $0.rawValue }.joined(separator: ", ")).
      Examples:
        ezero train --preset cartpole --seed 0
        ezero train --preset atari100k --game Breakout
      """)

  @Option(help: "Configuration preset.")
  var preset: String = "cartpole"
  @Option(help: "Environment: 'cartpole' or an Atari game (e.g. Breakout, ALE/Pong-v5). Default: the preset's.")
  var game: String?
  @Option(help: "Random seed.")
  var seed: UInt64 = 0
  @Option(help: "Training steps (default: the preset's).")
  var trainingSteps: Int?
  @Option(help: "libtorch threads (0: one per core).")
  var threads = 0

  func run() throws {
    guard let chosen = Preset(rawValue: preset) else {
      throw ValidationError("unknown preset '\(preset)'; allowed: \(Preset.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    var config = chosen.config
    config.seed = seed
    config.threads = threads
    if let game { config.environment = game }
    if let trainingSteps {
      config.optimizer.trainingSteps = trainingSteps
      config.targets.trainingSteps = trainingSteps
    }
    let environment = try EnvironmentChoice(name: config.environment)
    try environment.adapt(&config)
    try config.validate()
    print("training \(config.environment) with preset \(preset), seed \(seed), \(config.optimizer.trainingSteps) steps")
    switch environment {
    case .cartPole:
      let trainer = try Trainer(
        config: config, makeTrainingEnvironment: { i in environment.makeCartPole(seed: seed &+ UInt64(i)) },
        makeEvaluationEnvironment: { i in environment.makeCartPole(seed: UInt64(i)) })
      try train(trainer)
    case .atari:
      let trainer = try Trainer(
        config: config, makeTrainingEnvironment: { _ in try environment.makeAtari(config, evaluation: false) },
        makeEvaluationEnvironment: { _ in try environment.makeAtari(config, evaluation: true) })
      try train(trainer)
    }
  }

  private func train<Env>(_ trainer: Trainer<Env>) throws {
    try trainer.run { p in
      let losses = ["total", "value_prefix", "reward", "value", "policy", "consistency"].compactMap { key in
        p.losses[key].map { "\(key) \(String(format: "%.3f", $0))" }
      }.joined(separator: ", ")
      let recent = p.recentReturns.isEmpty ? "-" : String(format: "%.1f", p.recentReturns.reduce(0, +) / Double(p.recentReturns.count))
      print(
        "step \(p.trainingStep)  env steps \(p.environmentSteps)  replay \(p.replayMoves)  lr \(String(format: "%.4f", p.learningRate))  "
          + "return(last 10) \(recent)  [\(losses)]  \(String(format: "%.0f", p.seconds)) s")
    }
    let n = trainer.config.evaluationEpisodes
    guard n > 0 else { return }
    let returns = try trainer.evaluate(episodes: n)
    let mean = returns.reduce(0, +) / Double(returns.count)
    let variance = returns.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(returns.count)
    print(String(format: "evaluation over %d episodes (seeds 0..%d): mean %.1f, std %.1f", n, n - 1, mean, variance.squareRoot()))
    if let score = try? AtariScores.humanNormalized(mean, game: trainer.config.environment) {
      print(String(format: "human-normalised score: %.3f", score))
    }
  }
}
