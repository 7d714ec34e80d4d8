import ArgumentParser
import EfficientZero
import Environments
import Foundation
import Logging
import Search
import Torch

/// `ezero eval`: the evaluation protocol on a checkpoint's model.
struct EvalCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "eval",
    abstract: "Evaluate a checkpoint: episodes from seeds offset..offset+N-1, arg-max of visit counts, no noise.",
    discussion: """
      The environment, network and search settings come from the checkpoint's config.yaml. Atari games
      are played without episodic life, with raw rewards and the 108k-frame cap (App. A.5).

      Examples:
        ezero eval --run-dir runs/cartpole-seed0
        ezero eval --checkpoint runs/breakout-1/checkpoint --episodes 32 --output breakout-eval.json
        ezero eval --run-dir runs/pong-seed0 --episodes 1 --frames frames/pong --gif pong.gif
        ezero eval --run-dir runs/cartpole-seed0 --search simulations=50 --search search_algorithm=puct

      `--search` changes a search setting for this evaluation only (any key of `ezero train --help-keys`
      that belongs to the search); the network and the environment stay the checkpoint's.

      \(ExitStatus.table)
      """)

  @Option(help: "A run directory (its latest checkpoint is evaluated).")
  var runDir: String?
  @Option(help: "A checkpoint directory (…/checkpoint).")
  var checkpoint: String?
  @Option(help: "Episodes (the paper uses 32).")
  var episodes = 32
  @Option(help: "Episode i starts from seed offset + i.")
  var seedOffset: UInt64 = 0
  @Option(help: "Cut each episode after this many agent steps (default: whole games, as the protocol plays them).")
  var maxSteps: Int?
  @Option(help: "Sample actions from visit counts^(1/T) instead of the arg-max (0, the protocol); a diagnostic that separates a bad policy from a bad deterministic choice.")
  var temperature: Float = 0
  @Option(help: "Which network: model (the learner's) or target.")
  var model: ModelChoice = .model
  @Option(help: "Write every observed frame of the first --frames-episodes episodes as PNG images into this folder.")
  var frames: String?
  @Option(help: "Write the first episode as an animated GIF to this file.")
  var gif: String?
  @Option(help: "Episodes whose frames --frames writes.")
  var framesEpisodes = 1
  @Option(help: "Write the result as JSON to this file.")
  var output: String?
  @Option(name: .customLong("search"), help: ArgumentHelp("Change a search setting for this evaluation (repeatable).", valueName: "key=value"))
  var searchOverrides: [String] = []
  @Option(help: "libtorch threads (0 = one per core; default: the run's).")
  var threads: Int?
  @Option(help: "Where the network runs: cpu, cuda or cuda:N (default: cpu).")
  var device: String?
  @OptionGroup var log: LogOptions

  enum ModelChoice: String, ExpressibleByArgument, CaseIterable {
    case model, target
    var fileName: String { self == .model ? "model.pt" : "target_model.pt" }
  }

  func validate() throws {
    guard (runDir == nil) != (checkpoint == nil) else { throw ValidationError("give exactly one of --run-dir and --checkpoint") }
    guard episodes >= 1 else { throw ValidationError("--episodes must be >= 1") }
    if let maxSteps, maxSteps < 1 { throw ValidationError("--max-steps must be >= 1") }
    guard temperature >= 0 && temperature.isFinite else { throw ValidationError("--temperature must be >= 0") }
    guard framesEpisodes >= 0 else { throw ValidationError("--frames-episodes must be >= 0") }
  }

  func run() throws {
    let logger = log.makeLogger()
    let trained = try TrainedModel.load(runDirectory: runDir, checkpoint: checkpoint, fileName: model.fileName, threads: threads, device: device)
    let network = trained.network
    let config = try trained.config.withSearchChanged(searchOverrides)
    logger.info("evaluating \(config.environment) at training step \(trained.trainingStep): \(episodes) episodes from seed \(seedOffset)")
    let dump = try (frames != nil || gif != nil) ? FrameDump(
      directory: frames.map { URL(fileURLWithPath: $0) }, episodes: framesEpisodes, gif: gif.map { URL(fileURLWithPath: $0) },
      config: config) : nil
    let returns = try trained.environment.dispatch(
      config,
      EvaluationRun(
        network: network, search: config.searchConfiguration, episodes: episodes, seedOffset: seedOffset, maxSteps: maxSteps,
        temperature: temperature, frames: dump))
    let report = EvaluationReport(
      environment: config.environment, trainingStep: trained.trainingStep,
      environmentSteps: trained.environmentSteps, seedOffset: seedOffset, returns: returns)
    if let output {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      try encoder.encode(report).write(to: URL(fileURLWithPath: output), options: .atomic)
    }
    try dump?.finish()
    if let directory = dump?.directory { logger.info("frames written to \(directory.path)") }
    if let gif { logger.info("episode 0 written to \(gif)") }
    print(
      report.summary + (maxSteps.map { ", episodes cut at \($0) steps" } ?? "")
        + (temperature > 0 ? ", actions sampled at temperature \(temperature) (not the protocol)" : "")
        + (config.search != trained.config.search ? ", search changed: \(searchOverrides.joined(separator: ", "))" : ""))
  }
}

/// The evaluation protocol for whichever environment the run used.
struct EvaluationRun: EnvironmentVisitor {
  let network: EfficientZeroNetwork
  let search: SearchConfig
  let episodes: Int
  let seedOffset: UInt64
  let maxSteps: Int?
  let temperature: Float
  let frames: FrameDump?

  func visit<Env: Environment>(
    training: @escaping (Int) throws -> Env, evaluation: @escaping (Int) throws -> Env
  ) throws -> [Double] where Env.Scalar: TensorElement {
    try Evaluation.run(
      network: network, search: search, episodes: episodes, seedOffset: seedOffset, maxSteps: maxSteps,
      temperature: temperature, makeEnvironment: evaluation,
      observe: frames.map { dump in { episode, step, observation in try dump.write(episode: episode, step: step, observation) } })
  }
}

extension TrainingConfig {
  /// This configuration with `key=value` overrides that may change only the search: the network and
  /// the environment a checkpoint was trained with stay as they are.
  func withSearchChanged(_ overrides: [String]) throws -> TrainingConfig {
    var changed = self
    for item in overrides {
      do { try RunConfiguration.apply([item], to: &changed) } catch { throw ValidationError("--search: \(error)") }
      var rest = changed
      rest.search = search
      guard rest == self else {
        let key = item.prefix { $0 != "=" }
        throw ValidationError("--search: '\(key)' is not a search setting; the network and environment are the checkpoint's")
      }
    }
    do { try changed.validate() } catch { throw ValidationError("--search: \(error)") }
    return changed
  }
}
