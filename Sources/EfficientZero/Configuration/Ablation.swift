/// The paper's ablations as named sets of config keys (Tables 3, 7, 8 and 9, and the MuZero baseline):
/// each variant is the run's configuration with these keys set.
public struct Ablation: Sendable, Equatable {
  public let name: String
  /// Config keys and values that make the variant, applied after the preset and the user's settings.
  public let settings: [String: String]
  public let meaning: String

  public static let all: [Ablation] = [
    Ablation(name: "full", settings: [:], meaning: "EfficientZero as configured"),
    Ablation(name: "no-consistency", settings: ["consistency_loss_coefficient": "0"], meaning: "no self-supervised consistency loss (Table 3)"),
    Ablation(name: "no-value-prefix", settings: ["reward_model": "reward"], meaning: "per-step reward instead of the value prefix (Table 3)"),
    Ablation(
      name: "no-correction", settings: ["dynamic_horizon": "false", "root_value": "false"],
      meaning: "no model-based off-policy correction (Table 3)"),
    Ablation(name: "no-augmentation", settings: ["augmentation": "false"], meaning: "consistency without data augmentation (Table 8)"),
    Ablation(
      name: "no-dynamic-horizon", settings: ["dynamic_horizon": "false"],
      meaning: "off-policy correction with a fixed horizon (Table 9)"),
    Ablation(
      name: "no-root-value", settings: ["root_value": "false"],
      meaning: "bootstrap from the target network's value, not a search's (Table 9)"),
    Ablation(
      name: "muzero",
      settings: [
        "consistency_loss_coefficient": "0", "augmentation": "false", "reward_model": "reward", "dynamic_horizon": "false",
        "root_value": "false",
      ],
      meaning: "all three components off: the MuZero baseline"),
  ]

  public static func named(_ name: String) throws(ConfigError) -> Ablation {
    guard let found = all.first(where: { $0.name == name }) else {
      throw ConfigError("unknown ablation '\(name)'; known: \(all.map(\.name).joined(separator: ", "))")
    }
    return found
  }

  /// The variant's settings applied to `config`.
  public func apply(to config: inout TrainingConfig) throws(ConfigError) {
    for (key, value) in settings.sorted(by: { $0.key < $1.key }) { try config.set(key, to: value) }
  }
}
