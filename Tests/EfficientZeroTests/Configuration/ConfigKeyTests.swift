import Foundation
import Testing
@testable import EfficientZero

/// Every config key is explained by `ezero train --help-keys`, and every field a preset sets has a key.
struct ConfigKeyTests {
  @Test func everyKeyHasAMeaningAndEveryMeaningAKey() {
    #expect(Set(TrainingConfig.keys) == Set(TrainingConfig.keyMeanings.keys))
    #expect(TrainingConfig.keys.count == Set(TrainingConfig.keys).count)
  }

  @Test func searchAndLossDetailsHaveKeys() throws {
    var c = Preset.cartpole.config
    try c.set("head_hidden_layers", to: "16, 8")
    try c.set("hidden_gradient_scale", to: "0.25")
    try c.set("priority_epsilon", to: "0.001")
    try c.set("min_max_rule", to: "running_extremes")
    try c.set("tie_tolerance", to: "0")
    try c.set("tie_break", to: "first")
    #expect(c.network.headHiddenLayers == [16, 8] && c.loss.hiddenGradientScale == 0.25 && c.loss.priorityEpsilon == 0.001)
    #expect(c.search.minMaxRule == .runningExtremes && c.search.tieTolerance == 0 && c.search.tieBreak == .first)
    let row = c.keyTable.first { $0.key == "head_hidden_layers" }
    #expect(row?.value == "16,8")
    #expect(throws: ConfigError.self) { try c.set("head_hidden_layers", to: "16,x") }
    #expect(throws: ConfigError.self) { try c.set("min_max_rule", to: "some") }
    c.loss.priorityEpsilon = 0
    #expect(throws: ConfigError.self) { try c.validate() }
  }
}

/// Every departure from the paper is justified where `--help-keys` says: an experiment entry that
/// exists, or a documented variant.
struct KeyOriginTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  @Test func departuresNameEntriesThatExistAndVariantsAreDocumented() throws {
    let keys = Set(TrainingConfig.keys)
    let configuration = try String(contentsOf: Self.root.appendingPathComponent("docs/configuration.md"), encoding: .utf8)
    for (key, entry) in TrainingConfig.departureEntries {
      #expect(keys.contains(key), "\(key) is not a key")
      #expect(FileManager.default.fileExists(atPath: Self.root.appendingPathComponent("docs/experiments/\(entry)/README.md").path), "\(key): no entry \(entry)")
      #expect(configuration.contains("`\(key)`"), "\(key) is missing from docs/configuration.md")
    }
    for key in TrainingConfig.variantKeys {
      #expect(keys.contains(key), "\(key) is not a key")
      #expect(configuration.contains("| `\(key)` |"), "variant \(key) is not documented in docs/configuration.md")
    }
    #expect(TrainingConfig.origin(of: "head_batch_norm") == .departure(entry: "2026-12-07-cartpole-preset"))
    #expect(TrainingConfig.origin(of: "td_steps") == .paper && TrainingConfig.origin(of: "threads") == .operational)
  }
}
