import Foundation
import Search
import Testing
@testable import EfficientZero

/// Unroll, LSTM horizon, discount, collection steps and the reward model live once in a training
/// configuration; every part that reads them sees that one value, however it was set.
struct SharedSettingsTests {
  @Test(arguments: Preset.allCases) func everyPartOfAPresetAgrees(_ preset: Preset) {
    let c = preset.config
    #expect(c.shared.unrollSteps == c.unrollSteps && c.valueTargets.shared == c.shared)
    #expect(c.shared.lstmHorizon == c.lstmHorizon && c.shared.collectionSteps == c.collectionSteps)
    #expect(c.searchConfiguration.valuePrefixHorizon == (c.network.rewardModel == .valuePrefix ? c.lstmHorizon : 1))
    #expect(c.shared.discount == c.discount && c.searchConfiguration.discount == Float(c.discount))
    #expect(c.shared.rewardModel == c.network.rewardModel)
  }

  @Test func theOneValueAndItsKeyAgree() throws {
    var a = TrainingConfig()
    a.unrollSteps = 3
    a.lstmHorizon = 4
    a.discount = 0.5
    a.collectionSteps = 10
    var b = TrainingConfig()
    try b.set("unroll_steps", to: "3")
    try b.set("lstm_horizon", to: "4")
    try b.set("discount", to: "0.5")
    try b.set("collection_steps", to: "10")
    #expect(a == b && a.shared == SharedSettings(unrollSteps: 3, lstmHorizon: 4, discount: 0.5, collectionSteps: 10))
    // The reward model: per-step rewards in the targets, a horizon of 1 in the search, and back.
    var c = TrainingConfig()
    c.network.rewardModel = .reward
    #expect(c.valueTargets.shared.rewardModel == .reward && c.searchConfiguration.valuePrefixHorizon == 1)
    #expect(c.lstmHorizon == 5)
    c.network.rewardModel = .valuePrefix
    #expect(c.searchConfiguration.valuePrefixHorizon == 5)
  }

  /// Every stored field of a configuration, by path (reflection over stored properties).
  static func storedFields(_ value: Any, path: String = "") -> [(path: String, value: String)] {
    let mirror = Mirror(reflecting: value)
    guard mirror.displayStyle == .struct, !mirror.children.isEmpty else { return [(path, "\(value)")] }
    return mirror.children.flatMap { child in
      storedFields(child.value, path: path.isEmpty ? child.label ?? "?" : "\(path).\(child.label ?? "?")")
    }
  }

  /// The shared settings are stored once: after setting each to a distinctive value, exactly one stored
  /// field holds it (no part declares them).
  @Test func eachSharedSettingIsStoredOnce() throws {
    var c = Preset.atariCPU.config
    c.unrollSteps = 3
    c.lstmHorizon = 2
    c.discount = 0.5
    c.collectionSteps = 77
    let fields = Self.storedFields(c)
    for (name, value) in [("unrollSteps", "3"), ("lstmHorizon", "2"), ("valuePrefixHorizon", "2"), ("discount", "0.5"), ("collectionSteps", "77")] {
      let holding = fields.filter { $0.path.hasSuffix(name) && $0.value == value }.map(\.path)
      let expected = name == "valuePrefixHorizon" ? [] : [name]
      #expect(holding == expected, "\(name): \(holding)")
    }
    // And every part is given the one value.
    #expect(c.shared.unrollSteps == 3 && c.valueTargets.shared.lstmHorizon == 2 && c.searchConfiguration.valuePrefixHorizon == 2)
    #expect(c.searchConfiguration.discount == 0.5 && c.valueTargets.shared.collectionSteps == 77)
  }
}
