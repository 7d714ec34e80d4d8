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
