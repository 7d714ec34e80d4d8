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
        ezero eval --run-dir runs/pong-seed0 --episodes 1 --frames frames/pong

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
  @Option(help: "Which network: model (the learner's) or target.")
  var model: ModelChoice = .model
  @Option(help: "Write every observed frame of the first --frames-episodes episodes as PPM/PGM images into this folder.")
  var frames: String?
  @Option(help: "Episodes whose frames --frames writes.")
  var framesEpisodes = 1
  @Option(help: "Write the result as JSON to this file.")
  var output: String?
  @Option(help: "libtorch threads (0 = one per core; default: the run's).")
  var threads: Int?
  @OptionGroup var log: LogOptions

  enum ModelChoice: String, ExpressibleByArgument, CaseIterable {
    case model, target
    var fileName: String { self == .model ? "model.pt" : "target_model.pt" }
  }

  func validate() throws {
    guard (runDir == nil) != (checkpoint == nil) else { throw ValidationError("give exactly one of --run-dir and --checkpoint") }
    guard episodes >= 1 else { throw ValidationError("--episodes must be >= 1") }
    guard framesEpisodes >= 0 else { throw ValidationError("--frames-episodes must be >= 0") }
  }

  func run() throws {
    let logger = log.makeLogger()
    let folder: URL
    if let runDir {
      guard let latest = CheckpointDirectory(runDirectory: URL(fileURLWithPath: runDir)).latest() else {
        throw MissingInput("\(runDir) holds no checkpoint")
      }
      folder = latest
    } else {
      folder = URL(fileURLWithPath: checkpoint!)
      guard FileManager.default.fileExists(atPath: folder.path) else { throw MissingInput("no checkpoint at \(folder.path)") }
    }
    // Only what evaluation reads is checked (the replay can be gigabytes).
    let manifest = try CheckpointDirectory.verify(folder, only: ["config.yaml", "state.json", model.fileName])
    var (config, _) = try ConfigFile.ofCheckpoint(folder)
    let environment = try EnvironmentChoice(name: config.environment)
    try environment.adapt(&config)
    if let threads { config.threads = threads }
    if config.threads > 0 { Torch.threads = config.threads }
    let network = try EfficientZeroNetwork(config.network)
    do {
      try network.load(stateDict: TensorFile.load(from: folder.appendingPathComponent(model.fileName).path))
    } catch {
      throw CheckpointError("\(folder.path)/\(model.fileName) does not fit the run's network: \(error)")
    }
    network.eval()
    logger.info("evaluating \(config.environment) at training step \(manifest.trainingStep): \(episodes) episodes from seed \(seedOffset)")
    let dump = try frames.map { try FrameDump(directory: URL(fileURLWithPath: $0), episodes: framesEpisodes, config: config) }
    let returns = try environment.dispatch(
      config,
      EvaluationRun(network: network, search: config.search, episodes: episodes, seedOffset: seedOffset, frames: dump))
    let state = try? JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("state.json"))) as? [String: Any]
    let report = EvaluationReport(
      environment: config.environment, trainingStep: manifest.trainingStep,
      environmentSteps: state?["environmentSteps"] as? Int ?? 0, seedOffset: seedOffset, returns: returns)
    if let output {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      try encoder.encode(report).write(to: URL(fileURLWithPath: output), options: .atomic)
    }
    if let dump { logger.info("frames written to \(dump.directory.path)") }
    print(report.summary)
  }
}

/// The evaluation protocol for whichever environment the run used.
struct EvaluationRun: EnvironmentVisitor {
  let network: EfficientZeroNetwork
  let search: SearchConfiguration
  let episodes: Int
  let seedOffset: UInt64
  let frames: FrameDump?

  func visit<Env: Environment>(
    training: @escaping (Int) throws -> Env, evaluation: @escaping (Int) throws -> Env
  ) throws -> [Double] where Env.Scalar: TensorElement {
    try Evaluation.run(
      network: network, search: search, episodes: episodes, seedOffset: seedOffset, makeEnvironment: evaluation,
      observe: frames.map { dump in { episode, step, observation in try dump.write(episode: episode, step: step, observation) } })
  }
}
