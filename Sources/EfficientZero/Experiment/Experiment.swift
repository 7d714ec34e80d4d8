import Foundation
import Yams

/// What to run, as data: a base preset, games, named variants (each a set of config keys), seeds,
/// a budget and an evaluation schedule. Every (game, variant, seed) is one training run; where the
/// runs happen is a launcher's business (`LocalLauncher`). An experiment file is YAML:
///
///     question: Which settings let the cartpole preset learn on every seed?
///     preset: cartpole
///     games: [cartpole]               # default: the preset's environment
///     seeds: [0, 1, 2, 3, 4]
///     settings: {threads: 1}          # every variant (optional)
///     variants:                       # default: one variant, "preset"
///       - name: preset
///       - name: unroll
///         settings: {head_batch_norm: unroll}
///     budget: {training_steps: 3000}  # and/or stop_at_step, minutes, goal (optional)
///     evaluation: {every: 250, episodes: 10}
public struct Experiment: Sendable, Equatable {
  public struct Variant: Sendable, Equatable {
    public var name: String
    /// Config keys in the file's order, applied after the shared settings.
    public var settings: [KeyValue]
    public init(name: String, settings: [KeyValue] = []) {
      self.name = name
      self.settings = settings
    }
  }

  public struct KeyValue: Sendable, Equatable {
    public var key: String
    public var value: String
    public init(_ key: String, _ value: String) {
      self.key = key
      self.value = value
    }
    public var item: String { "\(key)=\(value)" }
  }

  public var question: String?
  public var preset: Preset
  public var games: [String]
  public var seeds: [UInt64]
  public var settings: [KeyValue]
  public var variants: [Variant]
  /// Sets `training_steps` (the schedules follow it); nil keeps the preset's.
  public var trainingSteps: Int?
  public var stopRule: StopRule
  /// Periodic evaluation every this many training steps (0: the final one only).
  public var evaluationEvery: Int
  /// Episodes of each evaluation, periodic and final; nil keeps the preset's.
  public var evaluationEpisodes: Int?

  public init(
    question: String? = nil, preset: Preset, games: [String]? = nil, seeds: [UInt64], settings: [KeyValue] = [],
    variants: [Variant] = [Variant(name: "preset")], trainingSteps: Int? = nil, stopRule: StopRule = .none,
    evaluationEvery: Int = 0, evaluationEpisodes: Int? = nil
  ) {
    self.question = question
    self.preset = preset
    self.games = games ?? [preset.config.environment]
    self.seeds = seeds
    self.settings = settings
    self.variants = variants
    self.trainingSteps = trainingSteps
    self.stopRule = stopRule
    self.evaluationEvery = evaluationEvery
    self.evaluationEpisodes = evaluationEpisodes
  }

  /// Reads and checks an experiment file; every problem is a `ConfigError` naming the file.
  public init(path: String) throws {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw ConfigError("cannot read experiment file \(path)")
    }
    try self.init(yaml: text, source: path)
  }

  public init(yaml text: String, source: String = "experiment") throws {
    let node: Node?
    do { node = try Yams.compose(yaml: text) } catch { throw ConfigError("\(source) is not valid YAML: \(error)") }
    guard let root = node?.mapping else { throw ConfigError("\(source) must hold a mapping (preset:, seeds:, variants:, ...)") }
    let reader = Reader(source: source)
    let known: Set<String> = ["question", "preset", "games", "seeds", "settings", "variants", "budget", "evaluation"]
    try reader.onlyKeys(root, known, in: "the file")
    guard let presetName = root["preset"]?.string else { throw ConfigError("\(source): preset: is required") }
    let preset = try Preset.named(presetName)
    let games = try root["games"].map { try reader.strings($0, "games") }
    guard let seedsNode = root["seeds"] else { throw ConfigError("\(source): seeds: is required (e.g. seeds: [0, 1])") }
    let seeds = try reader.strings(seedsNode, "seeds").map { text in
      guard let seed = UInt64(text) else { throw ConfigError("\(source): seeds must be non-negative integers, got '\(text)'") }
      return seed
    }
    let settings = try root["settings"].map { try reader.keyValues($0, "settings") } ?? []
    var variants: [Variant] = [Variant(name: "preset")]
    if let list = root["variants"] {
      guard let items = list.sequence else { throw ConfigError("\(source): variants: must be a list of {name:, settings:}") }
      variants = try items.map { item in
        guard let mapping = item.mapping, let name = mapping["name"]?.string, !name.isEmpty else {
          throw ConfigError("\(source): every variant needs a name: (got \(item))")
        }
        try reader.onlyKeys(mapping, ["name", "settings"], in: "variant \(name)")
        return Variant(name: name, settings: try mapping["settings"].map { try reader.keyValues($0, "variant \(name)") } ?? [])
      }
    }
    var trainingSteps: Int?
    var rule = StopRule.none
    if let budget = root["budget"] {
      guard let mapping = budget.mapping else { throw ConfigError("\(source): budget: must be a mapping") }
      try reader.onlyKeys(mapping, ["training_steps", "stop_at_step", "minutes", "goal"], in: "budget")
      trainingSteps = try mapping["training_steps"].map { try reader.int($0, "budget.training_steps") }
      rule.trainingStep = try mapping["stop_at_step"].map { try reader.int($0, "budget.stop_at_step") }
      rule.wallMinutes = try mapping["minutes"].map { try reader.double($0, "budget.minutes") }
      rule.goalReturn = try mapping["goal"].map { try reader.double($0, "budget.goal") }
    }
    var every = 0
    var episodes: Int?
    if let evaluation = root["evaluation"] {
      guard let mapping = evaluation.mapping else { throw ConfigError("\(source): evaluation: must be a mapping") }
      try reader.onlyKeys(mapping, ["every", "episodes"], in: "evaluation")
      every = try mapping["every"].map { try reader.int($0, "evaluation.every") } ?? 0
      episodes = try mapping["episodes"].map { try reader.int($0, "evaluation.episodes") }
    }
    self.init(
      question: root["question"]?.string, preset: preset, games: games, seeds: seeds, settings: settings, variants: variants,
      trainingSteps: trainingSteps, stopRule: rule, evaluationEvery: every, evaluationEpisodes: episodes)
    do { try validate() } catch { throw ConfigError("\(source): \(error)") }
  }

  /// Checks everything a run would refuse, before any run starts: names, counts, and every
  /// (game, variant) configuration.
  public func validate() throws {
    guard !games.isEmpty else { throw ConfigError("games: needs at least one game") }
    guard !seeds.isEmpty else { throw ConfigError("seeds: needs at least one seed") }
    guard Set(seeds).count == seeds.count else { throw ConfigError("seeds: a seed appears twice") }
    guard !variants.isEmpty else { throw ConfigError("variants: needs at least one variant") }
    guard Set(variants.map(\.name)).count == variants.count else { throw ConfigError("variants: two variants share a name") }
    for name in variants.map(\.name) + games where !Self.isPathSafe(name) {
      throw ConfigError("'\(name)' cannot name a folder (letters, digits, '-', '_', '.', '/' only)")
    }
    if let trainingSteps, trainingSteps < 1 { throw ConfigError("budget.training_steps must be >= 1") }
    try stopRule.validate()
    guard evaluationEvery >= 0 else { throw ConfigError("evaluation.every must be >= 0") }
    if let evaluationEpisodes, evaluationEpisodes < 1 { throw ConfigError("evaluation.episodes must be >= 1") }
    for game in games {
      for variant in variants {
        var config = try configuration(game: game, variant: variant, seed: seeds[0]).config
        try EnvironmentChoice(name: config.environment).adapt(&config)
        do { try config.validate() } catch { throw ConfigError("variant \(variant.name) on \(game): \(error)") }
        guard config.evaluationEpisodes >= 1 else {
          throw ConfigError("variant \(variant.name) on \(game): an experiment compares final evaluations; evaluation_episodes must be >= 1")
        }
      }
    }
  }

  /// The run's settings, as `ezero train` would resolve them from `trainArguments`' settings.
  public func configuration(game: String, variant: Variant, seed: UInt64) throws -> RunConfiguration {
    try RunConfiguration.fresh(
      preset: preset.rawValue, file: nil, seed: seed, environment: game, overrides: settingItems(variant: variant))
  }

  /// `key=value` items of a variant's run: shared settings, the budget and evaluation schedule, then the variant's.
  public func settingItems(variant: Variant) -> [String] {
    var items = settings.map(\.item)
    if let trainingSteps { items.append("training_steps=\(trainingSteps)") }
    if evaluationEvery > 0 {
      items.append("evaluation_interval=\(evaluationEvery)")
      // Periodic evaluations run on the progress lines' steps.
      let logInterval = (try? RunConfiguration.fresh(preset: preset.rawValue, file: nil, overrides: settings.map(\.item)))?
        .config.logInterval ?? evaluationEvery
      if evaluationEvery % logInterval != 0 { items.append("log_interval=\(evaluationEvery)") }
    }
    if let evaluationEpisodes { items.append("evaluation_episodes=\(evaluationEpisodes)") }
    return items + variant.settings.map(\.item)
  }

  static func isPathSafe(_ name: String) -> Bool {
    !name.isEmpty && !name.hasPrefix(".") && !name.contains("..")
      && name.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "-_./".unicodeScalars.contains($0) }
  }
}

/// Typed reads of an experiment file's nodes, with errors that name the file and the field.
private struct Reader {
  let source: String

  func onlyKeys(_ mapping: Node.Mapping, _ known: Set<String>, in place: String) throws {
    for key in mapping.keys {
      guard let name = key.string, known.contains(name) else {
        throw ConfigError("\(source): unknown field '\(key.string ?? "\(key)")' in \(place); known: \(known.sorted().joined(separator: ", "))")
      }
    }
  }

  func strings(_ node: Node, _ field: String) throws -> [String] {
    if let scalar = node.scalar { return [scalar.string] }
    guard let items = node.sequence else { throw ConfigError("\(source): \(field): must be a list") }
    return try items.map { item in
      guard let text = item.scalar?.string else { throw ConfigError("\(source): \(field): must hold plain values") }
      return text
    }
  }

  func keyValues(_ node: Node, _ place: String) throws -> [Experiment.KeyValue] {
    guard let mapping = node.mapping else { throw ConfigError("\(source): settings of \(place) must be a mapping of key: value") }
    return try mapping.map { key, value in
      guard let name = key.string, let text = value.scalar?.string else {
        throw ConfigError("\(source): settings of \(place) must be plain key: value pairs")
      }
      return Experiment.KeyValue(name, text)
    }
  }

  func int(_ node: Node, _ field: String) throws -> Int {
    guard let text = node.scalar?.string, let value = Int(text) else { throw ConfigError("\(source): \(field) must be an integer") }
    return value
  }

  func double(_ node: Node, _ field: String) throws -> Double {
    guard let text = node.scalar?.string, let value = Double(text) else { throw ConfigError("\(source): \(field) must be a number") }
    return value
  }
}
