import Foundation
import Search
import Torch

/// Every configuration field by its snake_case name, so that config files and `--set key=value`
/// flags reach any of them. Unknown keys and unparsable values are errors that say what is allowed.
extension TrainingConfig {
  typealias Setter = @Sendable (inout TrainingConfig, String) throws(ConfigError) -> Void
  typealias Getter = @Sendable (TrainingConfig) -> String

  static func int(_ key: String, _ path: WritableKeyPath<TrainingConfig, Int> & Sendable) -> (String, Setter, Getter) {
    (key, { c, v throws(ConfigError) in c[keyPath: path] = try parseInt(key, v) }, { "\($0[keyPath: path])" })
  }
  static func double(_ key: String, _ path: WritableKeyPath<TrainingConfig, Double> & Sendable) -> (String, Setter, Getter) {
    (key, { c, v throws(ConfigError) in c[keyPath: path] = try parseDouble(key, v) }, { "\($0[keyPath: path])" })
  }
  static func float(_ key: String, _ path: WritableKeyPath<TrainingConfig, Float> & Sendable) -> (String, Setter, Getter) {
    (key, { c, v throws(ConfigError) in c[keyPath: path] = Float(try parseDouble(key, v)) }, { "\($0[keyPath: path])" })
  }
  static func bool(_ key: String, _ path: WritableKeyPath<TrainingConfig, Bool> & Sendable) -> (String, Setter, Getter) {
    (key, { c, v throws(ConfigError) in c[keyPath: path] = try parseBool(key, v) }, { "\($0[keyPath: path])" })
  }

  /// A key with named values, e.g. `tie_break: random | first`.
  static func choice<Value: Equatable & Sendable>(
    _ key: String, _ path: WritableKeyPath<TrainingConfig, Value> & Sendable, _ options: [(name: String, value: Value)]
  ) -> (String, Setter, Getter) {
    let names = options.map(\.name).joined(separator: " or ")
    return (
      key,
      { c, v throws(ConfigError) in
        guard let match = options.first(where: { $0.name == v }) else {
          throw ConfigError("\(key) must be \(names), got '\(v)'")
        }
        c[keyPath: path] = match.value
      },
      { c in options.first { $0.value == c[keyPath: path] }?.name ?? "\(c[keyPath: path])" }
    )
  }

  /// The settable fields, in the order a resolved config is written.
  static let fields: [(String, Setter, Getter)] = [
    ("environment", { c, v in c.environment = v }, { $0.environment }),
    ("seed", { c, v throws(ConfigError) in
      guard let x = UInt64(v) else { throw ConfigError("seed must be a non-negative integer, got '\(v)'") }
      c.seed = x
    }, { "\($0.seed)" }),
    int("training_steps", \.trainingSteps),
    int("collection_steps", \.collectionSteps),
    int("batch_size", \.batchSize),
    int("replay_capacity", \.replayCapacity),
    double("priority_alpha", \.priorityAlpha),
    double("priority_beta_start", \.priorityBetaStart),
    int("segment_length", \.segmentLength),
    int("self_play_environments", \.selfPlayEnvironments),
    int("self_play_update_interval", \.selfPlayUpdateInterval),
    int("start_transitions", \.startTransitions),
    double("environment_steps_per_training_step", \.environmentStepsPerTrainingStep),
    int("max_environment_steps", \.maxEnvironmentSteps),
    int("evaluation_episodes", \.evaluationEpisodes),
    int("evaluation_interval", \.evaluationInterval),
    int("evaluation_max_steps", \.evaluationMaxSteps),
    int("log_interval", \.logInterval),
    int("checkpoint_interval", \.checkpointInterval),
    int("reanalyze_chunk", \.reanalyzeChunk),
    bool("reanalyze_reuse", \.reanalyzeReuse),
    int("threads", \.threads),
    ("device", { c, v throws(ConfigError) in
      guard (try? Device(parsing: v)) != nil else { throw ConfigError("device must be cpu, cuda or cuda:N, got '\(v)'") }
      c.device = v
    }, { $0.device }),
    int("self_play_threads", \.selfPlayThreads),
    bool("channels_last", \.channelsLast),
    bool("fast_inference", \.fastInference),
    bool("amp", \.amp),
    int("observation_size", \.observationSize),
    bool("grayscale", \.grayscale),
    bool("fast_rendering", \.fastRendering),
    // Network (App. A.1)
    int("channels", \.network.channels),
    int("residual_blocks", \.network.residualBlocks),
    int("reduced_channels", \.network.reducedChannels),
    int("lstm_hidden_size", \.network.lstmHiddenSize),
    int("value_prefix_norm_steps", \.network.valuePrefixNormSteps),
    choice("prediction_norm", \.network.predictionNorm, PredictionNorm.allCases.map { ($0.rawValue, $0) }),
    choice("head_batch_norm", \.network.headBatchNorm, HeadBatchNorm.allCases.map { ($0.rawValue, $0) }),
    int("vector_hidden_size", \.network.vectorHiddenSize),
    int("support_size", \.network.supportSize),
    int("projection_hidden_size", \.network.projectionHiddenSize),
    int("projection_output_size", \.network.projectionOutputSize),
    int("predictor_hidden_size", \.network.predictorHiddenSize),
    ("head_hidden_layers", { c, v throws(ConfigError) in
      let widths = v.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
      guard !widths.isEmpty, widths.allSatisfy({ $0 != nil }) else {
        throw ConfigError("head_hidden_layers must be comma-separated integers, got '\(v)'")
      }
      c.network.headHiddenLayers = widths.map { $0! }
    }, { $0.network.headHiddenLayers.map(String.init).joined(separator: ",") }),
    double("batch_norm_momentum", \.network.batchNormMomentum),
    bool("value_prefix", \.valuePrefix),
    // Loss (Eq. 6)
    int("unroll_steps", \.unrollSteps),
    int("lstm_horizon", \.lstmHorizon),
    double("reward_loss_coefficient", \.loss.rewardCoefficient),
    double("policy_loss_coefficient", \.loss.policyCoefficient),
    double("value_loss_coefficient", \.loss.valueCoefficient),
    double("consistency_loss_coefficient", \.loss.consistencyCoefficient),
    bool("consistency", \.loss.consistency),
    bool("augmentation", \.loss.augmentation),
    bool("mask_all_terms_past_end", \.loss.maskAllTermsPastEnd),
    double("hidden_gradient_scale", \.loss.hiddenGradientScale),
    double("priority_epsilon", \.loss.priorityEpsilon),
    // Optimiser
    double("learning_rate", \.optimizer.learningRate),
    double("momentum", \.optimizer.momentum),
    double("weight_decay", \.optimizer.weightDecay),
    double("warmup_fraction", \.optimizer.warmupFraction),
    double("lr_decay_rate", \.optimizer.decayRate),
    int("lr_decay_steps", \.optimizer.decaySteps),
    double("max_grad_norm", \.optimizer.maxGradNorm),
    int("target_update_interval", \.optimizer.targetUpdateInterval),
    bool("fresh_target", \.optimizer.freshTarget),
    // Targets (App. A.4, Eq. 12)
    int("td_steps", \.targets.tdSteps),
    double("discount", \.discount),
    bool("off_policy_correction", \.targets.offPolicyCorrection),
    bool("dynamic_horizon", \.targets.dynamicHorizon),
    bool("root_value", \.targets.rootValue),
    bool("bootstrap_time_limits", \.targets.bootstrapsTimeLimits),
    double("dynamic_horizon_fraction", \.targets.dynamicHorizonFraction),
    double("reanalyzed_policy_ratio", \.targets.reanalyzedPolicyRatio),
    // Search (Sec. 3.2, App. A.3)
    int("simulations", \.search.simulations),
    float("exploration_init", \.search.explorationInit),
    float("exploration_base", \.search.explorationBase),
    float("min_max_floor", \.search.minMaxFloor),
    choice("min_max_rule", \.search.minMaxRule, [("whole_tree", .wholeTree), ("running_extremes", .runningExtremes)]),
    float("tie_tolerance", \.search.tieTolerance),
    choice("tie_break", \.search.tieBreak, [("random", .random), ("first", .first)]),
    bool("root_noise", \.search.rootExploration),
    choice("search_algorithm", \.search.algorithm, SearchAlgorithmChoice.allCases.map { ($0.rawValue, $0) }),
    int("max_considered_actions", \.search.maxConsideredActions),
    float("gumbel_visit_scale", \.search.gumbelVisitScale),
    float("gumbel_value_scale", \.search.gumbelValueScale),
    choice("gumbel_q_bounds", \.search.gumbelQBounds, GumbelQBounds.allCases.map { ($0.rawValue, $0) }),
    choice("root_visit_value", \.search.rootVisitValue, RootVisitValue.allCases.map { ($0.rawValue, $0) }),
    double("dirichlet_alpha", \.search.dirichletAlpha),
    float("exploration_fraction", \.search.explorationFraction),
  ]

  public static var keys: [String] { fields.map(\.0) }

  /// Sets one field from its text form.
  public mutating func set(_ key: String, to value: String) throws(ConfigError) {
    guard let field = Self.fields.first(where: { $0.0 == key }) else {
      let close = Self.keys.filter { $0.contains(key) || key.contains($0) || editDistance($0, key) <= 3 }
      throw ConfigError(
        "unknown config key '\(key)'" + (close.isEmpty ? "; `ezero train --help-keys` lists them" : "; did you mean \(close.joined(separator: ", "))?"))
    }
    try field.1(&self, value.trimmingCharacters(in: CharacterSet(charactersIn: " \"'")))
  }

  /// Keys that may differ when a run resumes: they change how a run is watched or scheduled on the
  /// machine, not what it computes.
  public static let operationalKeys: Set<String> = [
    "evaluation_episodes", "evaluation_interval", "evaluation_max_steps", "log_interval", "checkpoint_interval", "threads", "self_play_threads", "device", "channels_last",
    "fast_inference", "reanalyze_chunk",
  ]

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
    Self.fields.map { "\($0.0): \($0.2(self))" }.joined(separator: "\n")
  }

  /// Value prefix (EfficientZero) or per-step reward (MuZero): the targets and the search follow the network.
  var valuePrefix: Bool {
    get { network.rewardModel == .valuePrefix }
    set { network.rewardModel = newValue ? .valuePrefix : .reward }
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
