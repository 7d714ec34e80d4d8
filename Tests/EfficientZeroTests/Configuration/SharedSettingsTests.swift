import Foundation
import Search
import Testing
@testable import EfficientZero

/// Unroll, LSTM horizon, discount, collection steps and the reward model live once in a training
/// configuration; every part that reads them sees that one value, however it was set.
struct SharedSettingsTests {
  @Test(arguments: Preset.allCases) func everyPartOfAPresetAgrees(_ preset: Preset) {
    let c = preset.config
    #expect(c.loss.unrollSteps == c.unrollSteps && c.targets.unrollSteps == c.unrollSteps)
    #expect(c.loss.lstmHorizon == c.lstmHorizon && c.targets.lstmHorizon == c.lstmHorizon)
    #expect(c.searchConfiguration.valuePrefixHorizon == (c.network.rewardModel == .valuePrefix ? c.lstmHorizon : 1))
    #expect(c.targets.discount == c.discount && c.searchConfiguration.discount == Float(c.discount))
    #expect(c.targets.collectionSteps == c.collectionSteps && c.optimizer.collectionSteps == c.collectionSteps)
    #expect(c.targets.perStepRewards == (c.network.rewardModel == .reward))
  }

  @Test func settingThroughAnyPartSetsTheOneValue() throws {
    var a = TrainingConfig()
    a.loss.unrollSteps = 3
    #expect(a.unrollSteps == 3 && a.targets.unrollSteps == 3)
    a.targets.lstmHorizon = 2
    #expect(a.lstmHorizon == 2 && a.loss.lstmHorizon == 2 && a.searchConfiguration.valuePrefixHorizon == 2)
    a.targets.lstmHorizon = 4
    a.targets.discount = 0.5
    #expect(a.lstmHorizon == 4 && a.discount == 0.5 && a.searchConfiguration.discount == 0.5)
    a.optimizer.collectionSteps = 10
    #expect(a.collectionSteps == 10 && a.targets.collectionSteps == 10)

    // The same settings by the one value or by keys: the same configuration.
    var b = TrainingConfig()
    b.unrollSteps = 3
    try b.set("lstm_horizon", to: "4")
    b.discount = 0.5
    try b.set("collection_steps", to: "10")
    #expect(a == b)

    var c = TrainingConfig()

    // The reward model: per-step rewards in the targets, a horizon of 1 in the search, and back.
    c.network.rewardModel = .reward
    #expect(c.targets.perStepRewards && c.searchConfiguration.valuePrefixHorizon == 1)
    #expect(c.lstmHorizon == 5)
    c.targets.perStepRewards = false
    #expect(c.network.rewardModel == .valuePrefix && c.searchConfiguration.valuePrefixHorizon == 5)
  }

  /// Every stored field of a configuration, by path (reflection over stored properties).
  static func storedFields(_ value: Any, path: String = "") -> [(path: String, value: String)] {
    let mirror = Mirror(reflecting: value)
    guard mirror.displayStyle == .struct, !mirror.children.isEmpty else { return [(path, "\(value)")] }
    return mirror.children.flatMap { child in
      storedFields(child.value, path: path.isEmpty ? child.label ?? "?" : "\(path).\(child.label ?? "?")")
    }
  }

  /// The shared settings are stored once: after setting each to a distinctive value, exactly one
  /// stored field holds it (the parts' own copies stay at their defaults and are never read).
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
    // And every part reads the one value.
    #expect(c.loss.unrollSteps == 3 && c.targets.lstmHorizon == 2 && c.searchConfiguration.valuePrefixHorizon == 2)
    #expect(c.searchConfiguration.discount == 0.5 && c.optimizer.collectionSteps == 77 && c.targets.collectionSteps == 77)
  }

  /// A saved file that holds copies disagreeing with the single values (as files of earlier versions
  /// may) gives the single values, and the same configuration as one set directly.
  @Test func copiesInASavedFileAreNotRead() throws {
    var c = Preset.cartpole.config
    c.unrollSteps = 4
    var json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(c)) as? [String: Any])
    var loss = try #require(json["lossPart"] as? [String: Any])
    loss["unrollSteps"] = 9
    json["lossPart"] = loss
    let folder = try CheckpointTests.temporaryRun()
    defer { try? FileManager.default.removeItem(at: folder) }
    try JSONSerialization.data(withJSONObject: json).write(to: folder.appendingPathComponent(TrainingConfig.checkpointFileName))
    let saved = try #require(try TrainingConfig.saved(inCheckpoint: folder))
    #expect(saved.loss.unrollSteps == 4 && saved == c)
  }
}
