import Foundation
import Search
import Torch

/// One config key, declared once: its name, what it means, where it stands against the paper, and how it
/// reads and writes its field. The parser, `--help-keys`, the operational keys, resuming and `config.yaml`
/// all derive from `TrainingConfig.configKeys`.
public struct ConfigKey: Sendable {
  public typealias Setter = @Sendable (inout TrainingConfig, String) throws(ConfigError) -> Void
  public typealias Getter = @Sendable (TrainingConfig) -> String

  public let name: String
  public let meaning: String
  public let origin: KeyOrigin
  let set: Setter
  let get: Getter

  init(_ name: String, _ meaning: String, _ origin: KeyOrigin = .paper, set: @escaping Setter, get: @escaping Getter) {
    self.name = name
    self.meaning = meaning
    self.origin = origin
    self.set = set
    self.get = get
  }

  static func int(
    _ name: String, _ path: WritableKeyPath<TrainingConfig, Int> & Sendable, _ meaning: String, _ origin: KeyOrigin = .paper
  ) -> ConfigKey {
    ConfigKey(name, meaning, origin, set: { c, v throws(ConfigError) in c[keyPath: path] = try parseInt(name, v) }, get: { "\($0[keyPath: path])" })
  }
  static func double(
    _ name: String, _ path: WritableKeyPath<TrainingConfig, Double> & Sendable, _ meaning: String, _ origin: KeyOrigin = .paper
  ) -> ConfigKey {
    ConfigKey(name, meaning, origin, set: { c, v throws(ConfigError) in c[keyPath: path] = try parseDouble(name, v) }, get: { "\($0[keyPath: path])" })
  }
  static func float(
    _ name: String, _ path: WritableKeyPath<TrainingConfig, Float> & Sendable, _ meaning: String, _ origin: KeyOrigin = .paper
  ) -> ConfigKey {
    ConfigKey(
      name, meaning, origin, set: { c, v throws(ConfigError) in c[keyPath: path] = Float(try parseDouble(name, v)) },
      get: { "\($0[keyPath: path])" })
  }
  static func bool(
    _ name: String, _ path: WritableKeyPath<TrainingConfig, Bool> & Sendable, _ meaning: String, _ origin: KeyOrigin = .paper
  ) -> ConfigKey {
    ConfigKey(name, meaning, origin, set: { c, v throws(ConfigError) in c[keyPath: path] = try parseBool(name, v) }, get: { "\($0[keyPath: path])" })
  }

  /// A key with named values, e.g. `search_algorithm: puct | gumbel`.
  static func choice<Value: Equatable & Sendable>(
    _ name: String, _ path: WritableKeyPath<TrainingConfig, Value> & Sendable, _ options: [(name: String, value: Value)],
    _ meaning: String, _ origin: KeyOrigin = .paper
  ) -> ConfigKey {
    let names = options.map(\.name).joined(separator: " or ")
    return ConfigKey(
      name, meaning, origin,
      set: { c, v throws(ConfigError) in
        guard let match = options.first(where: { $0.name == v }) else {
          throw ConfigError("\(name) must be \(names), got '\(v)'")
        }
        c[keyPath: path] = match.value
      },
      get: { c in options.first { $0.value == c[keyPath: path] }?.name ?? "\(c[keyPath: path])" })
  }
}

/// Every configuration field by its snake_case name, so that config files and `--set key=value`
/// flags reach any of them. Unknown keys and unparsable values are errors that say what is allowed.
extension TrainingConfig {
  /// The keys, in the order a resolved config is written.
  public static let configKeys: [ConfigKey] = [
    ConfigKey(
      "environment", "cartpole, an Atari game (Breakout, ALE/Pong-v5, ...) or a DMControl task (cartpole-swingup, ...)",
      set: { c, v in c.environment = v },
      get: { $0.environment }),
    ConfigKey(
      "seed", "seed of every random stream of the run",
      set: { c, v throws(ConfigError) in
        guard let x = UInt64(v) else { throw ConfigError("seed must be a non-negative integer, got '\(v)'") }
        c.seed = x
      },
      get: { "\($0.seed)" }),
    .int("training_steps", \.trainingSteps, "training steps in all (the paper: 100k while collecting + 20k on the fixed replay)"),
    .int("collection_steps", \.collectionSteps, "training steps of the collection phase: T_total of the temperature, warm-up and Eq. 12 schedules"),
    .int("batch_size", \.batchSize, "positions per training batch (drawn without replacement)"),
    .int("replay_capacity", \.replayCapacity, "moves kept in replay; the oldest segments leave first"),
    .double("priority_alpha", \.priorityAlpha, "alpha of prioritised replay (P ~ p^alpha)"),
    .double("priority_beta_start", \.priorityBetaStart, "beta of the importance weights at step 0, annealed to 1 over training_steps"),
    .int("segment_length", \.segmentLength, "moves per stored game segment (the reference's history length, 400)"),
    .int("self_play_environments", \.selfPlayEnvironments, "environments played together by one batched self-play search"),
    .int("self_play_update_interval", \.selfPlayUpdateInterval, "the self-play network copies the learner's every this many training steps"),
    .int("start_transitions", \.startTransitions, "uniformly random moves collected before training starts"),
    .double("environment_steps_per_training_step", \.environmentStepsPerTrainingStep, "collection cap: agent steps allowed per training step"),
    .int("max_environment_steps", \.maxEnvironmentSteps, "collection stops after this many agent steps"),
    .int("evaluation_episodes", \.evaluationEpisodes, "episodes of the final (and periodic) evaluation", .operational),
    .int("evaluation_interval", \.evaluationInterval, "a periodic evaluation every this many training steps (0: only the final one)", .operational),
    .int("evaluation_max_steps", \.evaluationMaxSteps, "periodic evaluations cut episodes at this many agent steps (3,000 = 12,000 Atari frames)", .operational),
    .int("log_interval", \.logInterval, "progress lines and logged scalars every this many training steps", .operational),
    .int("checkpoint_interval", \.checkpointInterval, "a checkpoint every this many training steps (0: only at the end or on a stop)", .operational),
    .int("reanalyze_chunk", \.reanalyzeChunk, "roots per reanalysis search (bounds memory)", .operational),
    .bool("reanalyze_reuse", \.reanalyzeReuse, "search a replay position once per target network and reuse it until the target changes", .departure(entry: "2026-11-30-atari-cpu-breakout")),
    .int("threads", \.threads, "libtorch threads (0: one per core)", .operational),
    .bool("concurrent", \.concurrent, "self-play, reanalysis and the learner on threads of their own (not deterministic; the loop is otherwise sequential)", .operational),
    .int("reanalyze_workers", \.reanalyzeWorkers, "reanalysis threads in concurrent mode", .operational),
    ConfigKey(
      "device", "where the networks run: cpu, cuda or cuda:N (replay and search stay on the CPU)", .operational,
      set: { c, v throws(ConfigError) in
        guard (try? Device(parsing: v)) != nil else { throw ConfigError("device must be cpu, cuda or cuda:N, got '\(v)'") }
        c.device = v
      },
      get: { $0.device }),
    .int("self_play_threads", \.selfPlayThreads, "libtorch threads during self-play searches (0: as threads)", .operational),
    .choice(
      "channels_last", \.channelsLast, ChannelsLastChoice.allCases.map { ($0.rawValue, $0) },
      "convolutions laid out channels-last (NHWC): auto (on CUDA and AVX-512 CPUs), true or false; values equal up to rounding",
      .operational),
    .bool("fast_inference", \.fastInference, "inference folds BatchNorms into convolutions, runs linear layers and the LSTM on oneDNN; values equal up to rounding", .operational),
    .choice(
      "amp", \.amp, AmpChoice.allCases.map { ($0.rawValue, $0) },
      "mixed precision (autocast: float16 on CUDA, bfloat16 on the CPU) with loss scaling, as the reference's torch_amp: auto (on AVX-512 CPUs with native bfloat16), true or false",
      .departure(entry: "2026-12-07-atari100k-cpu-two-hours")),
    .int("observation_size", \.observationSize, "side of square image observations (96 Atari, 84 DMControl)"),
    .bool("grayscale", \.grayscale, "Atari: one gray channel per frame instead of RGB"),
    .bool("fast_rendering", \.fastRendering, "DMControl: cheaper rendering (smaller shadow map, no antialiasing)", .variant),
    // Network (App. A.1)
    .int("channels", \.network.channels, "latent planes (images) or width (vectors)"),
    .int("residual_blocks", \.network.residualBlocks, "residual blocks of the dynamics and prediction networks"),
    .int("reduced_channels", \.network.reducedChannels, "1x1-conv planes before the value prefix, value and policy heads"),
    .int("lstm_hidden_size", \.network.lstmHiddenSize, "hidden size of the value-prefix LSTM"),
    .int("value_prefix_norm_steps", \.network.valuePrefixNormSteps, "BatchNorm statistics of the value-prefix head kept per step after an LSTM reset, for this many steps (1: pooled, as the paper)", .departure(entry: "2026-11-30-atari-cpu-boxing")),
    .choice("prediction_norm", \.network.predictionNorm, PredictionNorm.allCases.map { ($0.rawValue, $0) }, "BatchNorm statistics of the value and policy heads: pooled over representation and dynamics latents (as the paper) or split by source", .departure(entry: "2026-12-01-cartpole-three-biases")),
    .choice("head_batch_norm", \.network.headBatchNorm, HeadBatchNorm.allCases.map { ($0.rawValue, $0) }, "batch statistics of the value-prefix, value and policy heads in training: per_step (one batch per unroll step, as the paper) or unroll (one batch over all steps)", .departure(entry: "2026-12-07-cartpole-preset")),
    .int("vector_hidden_size", \.network.vectorHiddenSize, "hidden width of the vector representation and dynamics MLPs"),
    .int("support_size", \.network.supportSize, "categorical support -n...n of value and value prefix"),
    .int("projection_hidden_size", \.network.projectionHiddenSize, "hidden width of the consistency projection"),
    .int("projection_output_size", \.network.projectionOutputSize, "output width of the consistency projection"),
    .int("predictor_hidden_size", \.network.predictorHiddenSize, "hidden width of the consistency predictor"),
    ConfigKey(
      "head_hidden_layers", "hidden widths of the value prefix, value and policy MLPs, comma-separated",
      set: { c, v throws(ConfigError) in
        let widths = v.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !widths.isEmpty, widths.allSatisfy({ $0 != nil }) else {
          throw ConfigError("head_hidden_layers must be comma-separated integers, got '\(v)'")
        }
        c.network.headHiddenLayers = widths.map { $0! }
      },
      get: { $0.network.headHiddenLayers.map(String.init).joined(separator: ",") }),
    .double("batch_norm_momentum", \.network.batchNormMomentum, "BatchNorm momentum"),
    .choice(
      "reward_model", \.network.rewardModel, [("value_prefix", .valuePrefix), ("reward", .reward)],
      "value_prefix (EfficientZero's LSTM over the unroll) or reward (MuZero's per-step reward; ablation)"),
    // Loss (Eq. 6)
    .int("unroll_steps", \.unrollSteps, "unrolled dynamics steps per training sample"),
    .int("lstm_horizon", \.lstmHorizon, "the value prefix restarts every this many steps (training and search)"),
    .double("reward_loss_coefficient", \.loss.rewardCoefficient, "weight of the value-prefix (or reward) term of Eq. 6"),
    .double("policy_loss_coefficient", \.loss.policyCoefficient, "weight of the policy term"),
    .double("value_loss_coefficient", \.loss.valueCoefficient, "weight of the value term"),
    .double("consistency_loss_coefficient", \.loss.consistencyCoefficient, "weight of the temporal-consistency term (ablation: 0, which skips the term)"),
    .bool("augmentation", \.loss.augmentation, "random shift and intensity on image batches (ablation: false)"),
    .bool("mask_all_terms_past_end", \.loss.maskAllTermsPastEnd, "mask every unrolled term past an episode's end (false: only consistency)", .variant),
    .double("hidden_gradient_scale", \.loss.hiddenGradientScale, "scale of the gradient into each unrolled hidden state (0.5)"),
    .double("priority_epsilon", \.loss.priorityEpsilon, "added to new priorities so that none is zero"),
    // Optimiser
    .double("learning_rate", \.optimizer.learningRate, "SGD learning rate after the warm-up"),
    .double("momentum", \.optimizer.momentum, "SGD momentum"),
    .double("weight_decay", \.optimizer.weightDecay, "SGD weight decay"),
    .double("warmup_fraction", \.optimizer.warmupFraction, "linear LR warm-up over this fraction of collection_steps"),
    .double("lr_decay_rate", \.optimizer.decayRate, "LR factor at each decay"),
    .int("lr_decay_steps", \.optimizer.decaySteps, "a decay every this many steps after the warm-up"),
    .double("max_grad_norm", \.optimizer.maxGradNorm, "gradient-norm clip"),
    .int("target_update_interval", \.optimizer.targetUpdateInterval, "target network refresh every this many training steps"),
    .bool("fresh_target", \.optimizer.freshTarget, "a refresh installs the current weights (false: those of the previous refresh, as the reference)", .variant),
    // Targets (App. A.4, Eq. 12)
    .int("td_steps", \.targets.tdSteps, "k: the n-step horizon of value targets"),
    .double("discount", \.discount, "discount per agent step (0.997^4 for Atari)"),
    .bool("dynamic_horizon", \.targets.dynamicHorizon, "Eq. 12's horizon shrinks with data age (the off-policy correction's first half; ablation: false)"),
    .bool("root_value", \.targets.rootValue, "bootstrap from a fresh search's root value (the correction's second half; false: the target network's value)"),
    .bool("bootstrap_time_limits", \.targets.bootstrapsTimeLimits, "an episode cut by a time limit bootstraps from its last observation (false: terminal)", .variant),
    .double("dynamic_horizon_fraction", \.targets.dynamicHorizonFraction, "tau of Eq. 12: the horizon shrinks every tau x collection_steps of age"),
    .double("reanalyzed_policy_ratio", \.targets.reanalyzedPolicyRatio, "fraction of a batch whose policy targets come from a fresh search"),
    // Search (Sec. 3.2, App. A.3)
    .int("simulations", \.search.simulations, "search simulations per move"),
    .float("exploration_init", \.search.explorationInit, "c1 of Eq. 7"),
    .float("exploration_base", \.search.explorationBase, "c2 of Eq. 7"),
    .float("min_max_floor", \.search.minMaxFloor, "smallest denominator of the min-max normalisation with tree bounds (Eq. 10)"),
    .choice("q_bounds", \.search.qBounds, QBoundsChoice.allCases.map { ($0.rawValue, $0) }, "whose Q values bound the normalisation: algorithm (puct: whole_tree, gumbel: node), whole_tree (Eq. 10), running_extremes (MuZero's) or node (mctx: the node's own, floor 1e-8)", .departure(entry: "2026-11-30-breakout-gumbel-q-bounds")),
    .float("tie_tolerance", \.search.tieTolerance, "search scores within this distance of the best are ties"),
    .bool("root_noise", \.search.rootExploration, "root noise in self-play and reanalysis: Dirichlet (puct) or Gumbel draws (gumbel)"),
    .choice("search_algorithm", \.search.algorithm, SearchAlgorithmChoice.allCases.map { ($0.rawValue, $0) }, "puct (the paper's search) or gumbel (Gumbel MuZero: Sequential Halving, improved-policy targets)", .departure(entry: "2026-12-07-cartpole-preset")),
    .int("max_considered_actions", \.search.maxConsideredActions, "gumbel: root actions sampled by Gumbel-Top-k (m)", .departure(entry: "2026-11-30-cartpole-search-budget")),
    .float("gumbel_visit_scale", \.search.gumbelVisitScale, "gumbel: c_visit of sigma(q) = (c_visit + max N) c_scale q", .departure(entry: "2026-11-30-cartpole-search-budget")),
    .float("gumbel_value_scale", \.search.gumbelValueScale, "gumbel: c_scale of sigma(q)", .departure(entry: "2026-11-30-cartpole-search-budget")),
    .choice("root_first_visit", \.search.rootFirstVisit, RootFirstVisit.allCases.map { ($0.rawValue, $0) }, "puct: the root's first visit counts 0 (the reference: root value = sum / (N + 1)) or the network's value (mctx; gumbel always does)", .departure(entry: "2026-12-01-cartpole-three-biases")),
    .double("dirichlet_alpha", \.search.dirichletAlpha, "alpha of the root noise"),
    .float("exploration_fraction", \.search.explorationFraction, "weight of the root noise in the priors"),
  ]

  public static var keys: [String] { configKeys.map(\.name) }

  /// Sets one field from its text form.
  public mutating func set(_ key: String, to value: String) throws(ConfigError) {
    guard let field = Self.configKeys.first(where: { $0.name == key }) else {
      let close = Self.keys.filter { $0.contains(key) || key.contains($0) || editDistance($0, key) <= 3 }
      throw ConfigError(
        "unknown config key '\(key)'" + (close.isEmpty ? "; `ezero train --help-keys` lists them" : "; did you mean \(close.joined(separator: ", "))?"))
    }
    try field.set(&self, value.trimmingCharacters(in: CharacterSet(charactersIn: " \"'")))
  }

  /// Keys that may differ when a run resumes: they change how a run is watched or scheduled on the
  /// machine, not what it computes.
  public static let operationalKeys = Set(configKeys.filter { $0.origin == .operational }.map(\.name))

  /// Where `key` stands against the paper.
  public static func origin(of key: String) -> KeyOrigin {
    configKeys.first { $0.name == key }?.origin ?? .paper
  }

  /// This configuration with the operational keys' values taken from `other`.
  public func withOperationalSettings(of other: TrainingConfig) -> TrainingConfig {
    var out = self
    for key in Self.configKeys where key.origin == .operational {
      do { try key.set(&out, key.get(other)) } catch { preconditionFailure("\(key.name) does not read back its own value: \(error)") }
    }
    return out
  }

  /// Every key with its value in `self` and its meaning, in the order a resolved config is written.
  public var keyTable: [(key: String, value: String, meaning: String)] {
    Self.configKeys.map { ($0.name, $0.get(self), $0.meaning) }
  }

  /// The keys whose values differ between two resolved descriptions.
  public static func changedKeys(from saved: String, to now: String) -> [(key: String, saved: String, now: String)] {
    func entries(_ text: String) -> [String: String] {
      var out: [String: String] = [:]
      for line in text.split(separator: "\n") {
        guard let colon = line.firstIndex(of: ":") else { continue }
        out[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
      }
      return out
    }
    let a = entries(saved)
    let b = entries(now)
    return Set(a.keys).union(b.keys).sorted().compactMap { key in
      a[key] == b[key] ? nil : (key, a[key] ?? "(absent)", b[key] ?? "(absent)")
    }
  }

  /// Every field as `key: value` lines (the resolved configuration of a run).
  public var resolvedDescription: String {
    Self.configKeys.map { "\($0.name): \($0.get(self))" }.joined(separator: "\n")
  }

}

func parseInt(_ key: String, _ v: String) throws(ConfigError) -> Int {
  guard let x = Int(v.replacingOccurrences(of: "_", with: "")) else { throw ConfigError("\(key) must be an integer, got '\(v)'") }
  return x
}

func parseDouble(_ key: String, _ v: String) throws(ConfigError) -> Double {
  guard let x = Double(v), x.isFinite else { throw ConfigError("\(key) must be a number, got '\(v)'") }
  return x
}

func parseBool(_ key: String, _ v: String) throws(ConfigError) -> Bool {
  switch v.lowercased() {
  case "true", "yes", "on", "1": return true
  case "false", "no", "off", "0": return false
  default: throw ConfigError("\(key) must be true or false, got '\(v)'")
  }
}

func editDistance(_ a: String, _ b: String) -> Int {
  let a = Array(a), b = Array(b)
  var row = Array(0...b.count)
  for i in 1...max(a.count, 1) where !a.isEmpty {
    var previous = row[0]
    row[0] = i
    for j in 1...max(b.count, 1) where !b.isEmpty {
      let saved = row[j]
      row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
      previous = saved
    }
  }
  return row[b.count]
}
