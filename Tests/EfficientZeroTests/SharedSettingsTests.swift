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
    #expect(c.search.valuePrefixHorizon == (c.network.rewardModel == .valuePrefix ? c.lstmHorizon : 1))
    #expect(c.targets.discount == c.discount && c.search.discount == Float(c.discount))
    #expect(c.targets.collectionSteps == c.collectionSteps && c.optimizer.collectionSteps == c.collectionSteps)
    #expect(c.targets.perStepRewards == (c.network.rewardModel == .reward))
  }

  @Test func settingThroughAnyPartSetsTheOneValue() throws {
    var a = TrainingConfig()
    a.loss.unrollSteps = 3
    #expect(a.unrollSteps == 3 && a.targets.unrollSteps == 3)
    a.targets.lstmHorizon = 2
    #expect(a.lstmHorizon == 2 && a.loss.lstmHorizon == 2 && a.search.valuePrefixHorizon == 2)
    a.search.valuePrefixHorizon = 4
    #expect(a.lstmHorizon == 4 && a.targets.lstmHorizon == 4)
    a.search.discount = 0.5
    #expect(a.discount == 0.5 && a.targets.discount == 0.5)
    a.optimizer.collectionSteps = 10
    #expect(a.collectionSteps == 10 && a.targets.collectionSteps == 10)

    // The same settings by the one value or by keys: the same configuration.
    var b = TrainingConfig()
    b.unrollSteps = 3
    try b.set("lstm_horizon", to: "4")
    b.discount = 0.5
    try b.set("collection_steps", to: "10")
    #expect(a == b)

    // An unrelated change through the search leaves the Double discount exact (the search keeps a Float).
    var c = TrainingConfig()
    c.discount = 0.997 * 0.997 * 0.997 * 0.997
    c.search.simulations = 7
    #expect(c.discount == 0.997 * 0.997 * 0.997 * 0.997)

    // The reward model: per-step rewards in the targets, a horizon of 1 in the search, and back.
    c.network.rewardModel = .reward
    #expect(c.targets.perStepRewards && c.search.valuePrefixHorizon == 1)
    c.search.valuePrefixHorizon = 1
    #expect(c.lstmHorizon == 5)
    c.targets.perStepRewards = false
    #expect(c.network.rewardModel == .valuePrefix && c.search.valuePrefixHorizon == 5)
  }
}
