import Foundation
import Search
import Torch

/// Everything a training run needs; presets fill it, a config file and flags override it.
public struct TrainingConfig: Sendable, Equatable, Codable {
  /// Which environment: "cartpole", or an Atari game name ("Breakout", "ALE/Pong-v5", ...).
  public var environment = "Breakout"
  public var network = NetworkConfig()

  // Settings that several parts read, each stored once here.
  /// K: unrolled steps of the loss and of the targets.
  public var unrollSteps = 5
  /// zeta: the value-prefix LSTM restarts every this many steps (loss, targets, search).
  public var lstmHorizon = 5
  /// Per agent step, for the value targets and the search (0.997^4 for Atari).
  public var discount = 0.997 * 0.997 * 0.997 * 0.997
  /// Training steps of the collection phase: the total that the paper's schedules are fractions of
  /// (temperature, LR warm-up, Eq. 12's horizon period).
  public var collectionSteps = 100_000

  /// The search's own settings; `searchConfiguration` adds the discount and the value-prefix horizon.
  public var search = SearchSettings()

  /// The search of this run: the chosen algorithm with its settings, this run's discount, and the LSTM's
  /// horizon for value prefixes (1 for per-step rewards).
  public var searchConfiguration: SearchConfig {
    search.configuration(
      discount: Float(discount), valuePrefixHorizon: network.rewardModel == .valuePrefix ? lstmHorizon : 1)
  }

  /// The loss's own settings (Eq. 6); the unroll and the LSTM horizon come from `shared`.
  public var loss = LossConfig()
  /// SGD and its schedule; the warm-up's length comes from `shared.collectionSteps`.
  public var optimizer = OptimizerConfig()
  /// How value and policy targets are made (App. A.4, Eq. 12); the shared values come from `shared`.
  public var targets = TargetConfig()

  /// The single values above as the parts receive them.
  public var shared: SharedSettings {
    SharedSettings(
      unrollSteps: unrollSteps, lstmHorizon: lstmHorizon, discount: discount, collectionSteps: collectionSteps,
      rewardModel: network.rewardModel)
  }

  /// The value-target rule of this run: its target settings with the shared values.
  public var valueTargets: ValueTargetRule { ValueTargetRule(targets, shared: shared) }

  /// Training steps in all: the collection phase, then training on the fixed replay (100k + 20k).
  public var trainingSteps = 120_000

  public var batchSize = 256
  /// Moves kept in replay (the reference keeps 1M: every move of a 100k run).
  public var replayCapacity = 1_000_000
  public var priorityAlpha = 0.6
  public var priorityBetaStart = 0.4
  public var segmentLength = 400
  /// Environments played together by self-play.
  public var selfPlayEnvironments = 1
  /// The self-play network copies the learner's every this many training steps.
  public var selfPlayUpdateInterval = 100
  /// Uniformly random actions until this many moves are in replay; training starts then.
  public var startTransitions = 2000
  /// Environment steps allowed per training step after the start (1 for Atari 100k).
  public var environmentStepsPerTrainingStep = 1.0
  /// Collection stops after this many environment (agent) steps.
  public var maxEnvironmentSteps = 100_000
  /// Evaluation episodes at the end (and every `evaluationInterval` training steps, 0 = only at the end).
  public var evaluationEpisodes = 32
  public var evaluationInterval = 0
  /// Periodic evaluations stop an episode after this many agent steps (3,000 = 12,000 Atari frames,
  /// the reference's `test_max_moves`); the final evaluation plays whole games (108,000 frames).
  public var evaluationMaxSteps = 3000
  /// Progress lines every this many training steps.
  public var logInterval = 100
  /// A checkpoint every this many training steps (0: only when the run stops or ends).
  public var checkpointInterval = 1000
  /// Reanalysis searches a position once per target network (refreshed every `target_update_interval`
  /// steps) and reuses the result while that network stays; off in the paper's presets.
  public var reanalyzeReuse = false
  /// Roots per reanalysis search (bounds memory).
  public var reanalyzeChunk = 512
  public var seed: UInt64 = 0
  /// libtorch intra-op threads (0: one per core).
  public var threads = 0
  /// Self-play, reanalysis and the learner on threads of their own (not deterministic).
  public var concurrent = false
  /// Reanalysis threads in concurrent mode.
  public var reanalyzeWorkers = 1
  /// Where the networks live and run: "cpu", "cuda" or "cuda:N" (replay and search stay on the CPU).
  public var device = "cpu"
  /// Convolutions laid out channels-last (NHWC); values equal up to rounding. Image networks only.
  public var channelsLast = ChannelsLastChoice.auto
  /// Inference (self-play, reanalysis, evaluation) folds each BatchNorm into the convolution before
  /// it and runs linear layers and the LSTM on oneDNN's matrix kernel; values equal up to rounding.
  /// Training passes are unaffected.
  public var fastInference = true
  /// Mixed precision as the reference's `torch_amp`: training and inference under autocast
  /// (float16 on CUDA, bfloat16 on the CPU) with loss scaling. Off in the paper's presets.
  public var amp = AmpChoice.off
  /// libtorch threads during self-play searches (0: as `threads`); small batches of small
  /// networks can run faster on one.
  public var selfPlayThreads = 0
  /// Side of the square image observations (Atari: 96 in the paper; DMControl: 84 in the benchmarks).
  public var observationSize = 96
  /// Atari only: gray frames instead of RGB.
  public var grayscale = false
  /// DMControl only: cheaper rendering (1024 shadow map, no multisampling) instead of dm_control's.
  public var fastRendering = false

  public init() {}

  /// Visit-count temperature of self-play: 1, then 0.5 after 50 % and 0.25 after 75 % of the
  /// collection steps (the reference compares the training step with its 100k `training_steps`).
  public func temperature(atTrainingStep step: Int) -> Float {
    let progress = Double(step) / Double(collectionSteps)
    if progress < 0.5 { return 1 }
    if progress < 0.75 { return 0.5 }
    return 0.25
  }

  /// beta of the importance weights, annealed linearly from `priorityBetaStart` to 1 over all the
  /// training steps (the reference: over training_steps + last_steps).
  public func priorityBeta(atTrainingStep step: Int) -> Double {
    let progress = Swift.min(1, Double(step) / Double(trainingSteps))
    return priorityBetaStart + (1 - priorityBetaStart) * progress
  }

  /// Whether self-play may take another step once training has started (the cap of App. A.4):
  /// at most `environmentStepsPerTrainingStep` environment steps per training step after the
  /// `trainingStartedAt` steps of the random warm-up, and never past `maxEnvironmentSteps`.
  public func mayCollect(environmentSteps: Int, trainingSteps: Int, trainingStartedAt: Int) -> Bool {
    guard environmentSteps < maxEnvironmentSteps else { return false }
    return Double(environmentSteps) < Double(trainingStartedAt) + environmentStepsPerTrainingStep * Double(trainingSteps)
  }

  /// Whether a periodic evaluation falls at `step` (every `evaluationInterval` steps; the final one is separate).
  public func isPeriodicEvaluationDue(atTrainingStep step: Int) -> Bool {
    evaluationInterval > 0 && step % evaluationInterval == 0 && step < trainingSteps
  }

  /// Checks every field before any work starts.
  public func validate() throws(ConfigError) {
    try network.validate()
    try shared.validate()
    try loss.validate()
    try optimizer.validate()
    try targets.validate()
    func need(_ ok: Bool, _ what: String) throws(ConfigError) { if !ok { throw ConfigError(what) } }
    try need(batchSize >= 1, "batch_size must be >= 1")
    try need(replayCapacity >= batchSize, "replay_capacity must be >= batch_size")
    try need(priorityAlpha >= 0, "priority_alpha must be >= 0")
    try need(priorityBetaStart >= 0 && priorityBetaStart <= 1, "priority_beta_start must be in [0, 1]")
    try need(segmentLength > unrollSteps + targets.tdSteps, "segment_length must exceed unroll_steps + td_steps")
    try need(selfPlayEnvironments >= 1, "self_play_environments must be >= 1")
    try need(selfPlayUpdateInterval >= 1, "self_play_update_interval must be >= 1")
    try need(startTransitions >= batchSize, "start_transitions must be >= batch_size (a batch holds distinct positions)")
    try need(environmentStepsPerTrainingStep > 0, "environment_steps_per_training_step must be > 0")
    try need(maxEnvironmentSteps >= startTransitions, "max_environment_steps must be >= start_transitions")
    try need(evaluationEpisodes >= 0 && evaluationInterval >= 0, "evaluation settings must be >= 0")
    try need(evaluationMaxSteps >= 1, "evaluation_max_steps must be >= 1")
    try need(logInterval >= 1, "log_interval must be >= 1")
    try need(checkpointInterval >= 0, "checkpoint_interval must be >= 0")
    try need(reanalyzeChunk >= 1, "reanalyze_chunk must be >= 1")
    try need(reanalyzeWorkers >= 1, "reanalyze_workers must be >= 1")
    try need(search.simulations >= 1, "simulations must be >= 1")
    try need(search.minMaxFloor > 0, "min_max_floor must be > 0")
    try need(search.tieTolerance >= 0, "tie_tolerance must be >= 0")
    try need(search.dirichletAlpha > 0 && search.explorationFraction >= 0, "dirichlet_alpha must be > 0 and exploration_fraction >= 0")
    try need(search.maxConsideredActions >= 1, "max_considered_actions must be >= 1")
    try need(search.gumbelVisitScale >= 0 && search.gumbelValueScale > 0, "gumbel_visit_scale must be >= 0 and gumbel_value_scale > 0")
    try need(loss.priorityEpsilon > 0, "priority_epsilon must be > 0")
    try need(trainingSteps >= 1, "training_steps must be >= 1")
    try need(observationSize >= 16, "observation_size must be >= 16")
    try need(threads >= 0 && selfPlayThreads >= 0, "threads and self_play_threads must be >= 0")
    try need((try? Device(parsing: device)) != nil, "device must be cpu, cuda or cuda:N, got '\(device)'")
  }

  /// The device of `device` (validated).
  public var torchDevice: Device { (try? Device(parsing: device)) ?? .cpu }
}

extension TrainingConfig {
  /// The file of a checkpoint that holds every field of the run's configuration.
  public static let checkpointFileName = "config.json"

  /// The configuration saved in checkpoint `folder`, field by field; nil for checkpoints written
  /// before it was saved (their `config.yaml` holds the keyed fields).
  public static func saved(inCheckpoint folder: URL) throws -> TrainingConfig? {
    let url = folder.appendingPathComponent(checkpointFileName)
    guard FileManager.default.fileExists(atPath: url.path) else { return nil }
    do {
      // Fields added since the checkpoint was written take their defaults (the behaviour before them).
      let saved = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
      let defaults = try JSONSerialization.jsonObject(with: JSONEncoder().encode(TrainingConfig()))
      // Fields this version does not have: the settings were stored differently (renamed or moved), and
      // reading them with defaults in their place would resume or evaluate another run.
      let unknown = unknownFields(saved, in: defaults)
      guard unknown.isEmpty else {
        throw CheckpointError(
          "\(url.path) was written by an earlier version that stored its settings differently "
            + "(\(unknown.joined(separator: ", "))); evaluate or resume it with that version")
      }
      let merged = try JSONSerialization.data(withJSONObject: overlay(saved, on: defaults))
      return try JSONDecoder().decode(TrainingConfig.self, from: merged)
    } catch let error as CheckpointError {
      throw error
    } catch {
      throw CheckpointError("\(url.path) does not hold this version's settings: \(error)")
    }
  }

  /// Paths of `saved`'s fields that `defaults` lacks, at every level where the two objects share a key
  /// (objects with none in common are different cases of an enum, as in `overlay`).
  static func unknownFields(_ saved: Any, in defaults: Any, path: String = "") -> [String] {
    guard let saved = saved as? [String: Any], let defaults = defaults as? [String: Any],
      saved.keys.contains(where: { defaults[$0] != nil })
    else { return [] }
    return saved.keys.sorted().flatMap { key -> [String] in
      let here = path.isEmpty ? key : "\(path).\(key)"
      guard let fallback = defaults[key] else { return [here] }
      return unknownFields(saved[key]!, in: fallback, path: here)
    }
  }

  /// `saved` with every key it lacks taken from `defaults`, at every level of nesting. Objects with
  /// no key in common are different cases of an enum (`{"vector": ...}` against `{"image": ...}`):
  /// the saved one stays as it is.
  private static func overlay(_ saved: Any, on defaults: Any) -> Any {
    guard let saved = saved as? [String: Any], let defaults = defaults as? [String: Any],
      saved.keys.contains(where: { defaults[$0] != nil })
    else { return saved }
    return defaults.merging(saved) { fallback, kept in overlay(kept, on: fallback) }
  }
}

/// The `channels_last` key: the layout of convolutions, or the one this machine runs faster.
public enum ChannelsLastChoice: String, Sendable, Equatable, CaseIterable, Codable {
  /// Channels-last on CUDA and where ATen's CPU kernels use AVX-512; the default layout elsewhere, where
  /// oneDNN's channels-last convolutions were measured slower (docs/benchmarks.md).
  case auto
  case on = "true"
  case off = "false"

  /// Whether networks on `device` use channels-last, on a CPU whose ATen kernels dispatch to `cpuCapability`.
  public func resolved(device: Device, cpuCapability: String) -> Bool {
    switch self {
    case .on: return true
    case .off: return false
    case .auto: return device != .cpu || cpuCapability.hasPrefix("AVX512")
    }
  }
}

extension TrainingConfig {
  /// Whether this run's networks use channels-last on this machine.
  public var usesChannelsLast: Bool { channelsLast.resolved(device: torchDevice, cpuCapability: Torch.cpuCapability) }
}
