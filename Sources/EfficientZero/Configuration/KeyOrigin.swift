/// Where a config key stands against the paper (Table 6, App. A): what `--help-keys` prints beside it.
public enum KeyOrigin: Equatable, Sendable {
  /// A setting of the paper (or a size a preset scales); any value is the method as published.
  case paper
  /// A switch whose non-default values depart from the paper, measured by the experiment entry
  /// `docs/experiments/<entry>/`.
  case departure(entry: String)
  /// A switch whose non-default values depart from the paper, documented in docs/configuration.md
  /// but not measured by an experiment yet.
  case variant
  /// How a run is watched, scheduled or laid out on the machine, not what it computes (may change on resume).
  case operational

  public var label: String {
    switch self {
    case .paper: return "paper"
    case .departure(let entry): return "departure (docs/experiments/\(entry))"
    case .variant: return "variant (docs/configuration.md)"
    case .operational: return "operational"
    }
  }
}

extension TrainingConfig {
  /// Departures with the entry that measured them.
  static let departureEntries: [String: String] = [
    "value_prefix_norm_steps": "2026-11-30-atari-cpu-boxing",
    "prediction_norm": "2026-12-01-cartpole-three-biases",
    "head_batch_norm": "2026-12-07-cartpole-preset",
    "root_visit_value": "2026-12-01-cartpole-three-biases",
    "search_algorithm": "2026-12-07-cartpole-preset",
    "gumbel_q_bounds": "2026-11-30-breakout-gumbel-q-bounds",
    "gumbel_visit_scale": "2026-11-30-cartpole-search-budget",
    "gumbel_value_scale": "2026-11-30-cartpole-search-budget",
    "max_considered_actions": "2026-11-30-cartpole-search-budget",
    "reanalyze_reuse": "2026-11-30-atari-cpu-breakout",
    "amp": "2026-11-30-mixed-precision-cpu",
  ]

  /// Departures documented in docs/configuration.md without an experiment of their own.
  static let variantKeys: Set<String> = [
    "fresh_target", "tie_break", "min_max_rule", "mask_all_terms_past_end", "bootstrap_time_limits", "fast_rendering",
  ]

  public static func origin(of key: String) -> KeyOrigin {
    if let entry = departureEntries[key] { return .departure(entry: entry) }
    if variantKeys.contains(key) { return .variant }
    if operationalKeys.contains(key) { return .operational }
    return .paper
  }
}
