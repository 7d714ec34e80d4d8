import EfficientZero

/// The config keys as a Markdown page, from their one declaration (`TrainingConfig.configKeys`).
enum KeyTable {
  static func markdown(_ config: TrainingConfig, preset: Preset) -> String {
    var lines = [
      "# Config keys",
      "",
      "Every key a config file or `--set key=value` can hold, with its value in the `\(preset.rawValue)` preset, where it",
      "stands against the paper, and what it means. Generated from the keys' declaration by",
      "`ezero train --preset \(preset.rawValue) --help-keys --markdown`; `ezero train --preset P --help-keys` prints",
      "any preset's values. Operational keys may change when a run resumes.",
      "",
      "| key | \(preset.rawValue) | origin | meaning |",
      "|---|---|---|---|",
    ]
    for key in TrainingConfig.configKeys {
      let value = config.keyTable.first { $0.key == key.name }?.value ?? ""
      lines.append("| `\(key.name)` | \(cell(value)) | \(origin(key.origin)) | \(cell(key.meaning)) |")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  private static func origin(_ origin: KeyOrigin) -> String {
    switch origin {
    case .paper: return "paper"
    case .departure(let entry): return "departure ([entry](experiments/\(entry)/))"
    case .variant: return "variant ([configuration](configuration.md))"
    case .operational: return "operational"
    }
  }

  private static func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
}
