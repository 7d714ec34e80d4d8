import ArgumentParser
import EfficientZero
import Environments
import Foundation

/// CartPole learning speed: environment steps and wall time until the evaluation protocol's mean
/// return reaches a target, over several seeds.
struct BenchLearning: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "learning", abstract: "CartPole: env steps and minutes to a mean evaluation return (default 475), per seed.")

  @Option(help: "Seeds to run.")
  var seeds: [UInt64] = [0, 1, 2]
  @Option(help: "Mean evaluation return to reach.")
  var target = 475.0
  @Option(help: "Evaluate every this many training steps.")
  var every = 250
  @Option(help: "Evaluation episodes per check.")
  var episodes = 10
  @Option(help: "Training steps at most.")
  var maxSteps = 10_000
  @Option(name: .customLong("set"), help: ArgumentHelp("Override a config field (repeatable).", valueName: "key=value"))
  var overrides: [String] = []

  func run() throws {
    print("CartPole to mean evaluation return >= \(target) (\(episodes) episodes, argmax, no noise), checked every \(every) steps")
    print("targets: <= 30,000 env steps and <= 15 minutes")
    var rows: [String] = []
    for seed in seeds {
      var config = Preset.cartpole.config
      config.seed = seed
      config.optimizer.trainingSteps = maxSteps
      config.targets.trainingSteps = maxSteps
      config.maxEnvironmentSteps = max(config.maxEnvironmentSteps, maxSteps * 10)
      for item in overrides {
        guard let eq = item.firstIndex(of: "=") else { throw ValidationError("--set expects key=value") }
        try config.set(String(item[..<eq]), to: String(item[item.index(after: eq)...]))
      }
      config.logInterval = every
      let trainer = try Trainer(
        config: config, makeTrainingEnvironment: { CartPole(seed: seed &+ UInt64($0)) },
        makeEvaluationEnvironment: { CartPole(seed: UInt64($0)) })
      var reached: (steps: Int, seconds: Double, mean: Double)? = nil
      var best = 0.0
      do {
        try trainer.run { p in
          guard reached == nil, let returns = try? trainer.evaluate(episodes: episodes) else { return }
          let mean = returns.reduce(0, +) / Double(returns.count)
          best = max(best, mean)
          print(String(format: "  seed %llu: step %d, env steps %d, %.0f s: eval mean %.1f", seed, p.trainingStep, p.environmentSteps, p.seconds, mean))
          if mean >= target { reached = (p.environmentSteps, p.seconds, mean) }
          if reached != nil { throw StopEarly() }
        }
      } catch is StopEarly {}
      if let r = reached {
        rows.append(String(format: "seed %llu: reached %.1f after %d env steps, %.1f min", seed, r.mean, r.steps, r.seconds / 60))
      } else {
        rows.append(String(format: "seed %llu: not reached in %d training steps (best %.1f)", seed, maxSteps, best))
      }
      print(rows.last!)
    }
    print("summary:")
    rows.forEach { print("  " + $0) }
  }
}

struct StopEarly: Error {}
