import Environments
import Foundation
import Search
import Testing
import Torch
@testable import EfficientZero

/// A checkpoint keeps every field of the run's configuration, so that a resumed run is the run that
/// was started, whatever its preset says by then.
@Suite(.serialized) struct SavedConfigTests {
  @Test func checkpointHoldsEveryFieldAndRestoreRefusesAnother() throws {
    let run = try CheckpointTests.temporaryRun()
    defer { try? FileManager.default.removeItem(at: run) }
    var config = CheckpointTests.config()
    // Fields away from the preset's values.
    config.network.headHiddenLayers = [8, 4]
    config.loss.hiddenGradientScale = 0.25
    config.search.tieTolerance = 1e-4
    let trainer = try PipelineTests.cartPoleTrainer(config)
    _ = try CheckpointTests.totals(trainer, until: 3)
    let directory = CheckpointDirectory(runDirectory: run)
    try trainer.saveCheckpoint(to: directory, configFile: "preset: tiny-cartpole\n")
    let folder = try #require(directory.latest())
    #expect(try CheckpointDirectory.verify(folder).files.contains { $0.name == TrainingConfig.checkpointFileName })
    let saved = try #require(try TrainingConfig.saved(inCheckpoint: folder))
    #expect(saved == trainer.config)
    #expect(saved.network.headHiddenLayers == [8, 4] && saved.loss.hiddenGradientScale == 0.25)
    #expect(saved != Preset.tinyCartpole.config)
    let progress = try CheckpointProgress.read(from: folder)
    #expect(progress.trainingStep == 3 && progress.environmentSteps == trainer.environmentSteps)
    #expect(progress.episodes == trainer.episodes.count)

    // A trainer whose settings differ is refused...
    var other = trainer.config
    other.search.tieTolerance = 1e-3
    let wrong = try PipelineTests.cartPoleTrainer(other)
    #expect(throws: CheckpointError.self) { try wrong.restore(from: folder) }
    // ... one that differs only in operational settings is not.
    var operational = trainer.config
    operational.logInterval = 7
    operational.evaluationEpisodes = 3
    try PipelineTests.cartPoleTrainer(operational).restore(from: folder)
  }

  /// Every operational key is carried over by `withOperationalSettings`, and nothing else is.
  @Test func operationalSettingsAreExactlyTheOperationalKeys() throws {
    let base = Preset.atariCPU.config
    for key in TrainingConfig.operationalKeys {
      var other = base
      let value = try #require(other.keyTable.first { $0.key == key }?.value)
      let changed = Int(value).map { "\($0 + 3)" } ?? ["true": "false", "false": "true", "auto": "false"][value] ?? "cuda:1"
      try other.set(key, to: changed)
      #expect(other != base, "\(key)")
      #expect(base.withOperationalSettings(of: other) == other, "\(key)")
    }
    var keyed = base
    try keyed.set("batch_size", to: "17")
    #expect(base.withOperationalSettings(of: keyed) == base)
  }

  /// A config.json from before a field existed takes that field's default (the behaviour before it);
  /// every field it holds, nested ones included, is kept.
  @Test(arguments: [Preset.atariCPU, .cartpole]) func aSavedConfigWithoutANewerFieldTakesItsDefault(_ preset: Preset) throws {
    let folder = try CheckpointTests.temporaryRun()
    defer { try? FileManager.default.removeItem(at: folder) }
    var config = preset.config
    config.batchSize = 17
    config.network.channels = 12
    var json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(config)) as? [String: Any])
    json["device"] = nil
    var network = try #require(json["network"] as? [String: Any])
    network["valuePrefixNormSteps"] = nil
    json["network"] = network
    try JSONSerialization.data(withJSONObject: json).write(to: folder.appendingPathComponent(TrainingConfig.checkpointFileName))
    let saved = try #require(try TrainingConfig.saved(inCheckpoint: folder))
    #expect(saved == config)
    #expect(saved.device == "cpu" && saved.network.valuePrefixNormSteps == 1)
  }

  /// A config.json with a field this version lacks (a setting renamed or moved since: here the search stored
  /// under its old name, and a removed loss switch) is refused with the fields named, never read with defaults.
  @Test func aSavedConfigWithFieldsThisVersionLacksIsRefused() throws {
    let folder = try CheckpointTests.temporaryRun()
    defer { try? FileManager.default.removeItem(at: folder) }
    var json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(Preset.cartpole.config)) as? [String: Any])
    json["searchPart"] = json.removeValue(forKey: "search")
    var loss = try #require(json["loss"] as? [String: Any])
    loss["consistency"] = true
    json["loss"] = loss
    try JSONSerialization.data(withJSONObject: json).write(to: folder.appendingPathComponent(TrainingConfig.checkpointFileName))
    do {
      _ = try TrainingConfig.saved(inCheckpoint: folder)
      Issue.record("an earlier version's settings were read")
    } catch let error as CheckpointError {
      #expect("\(error)".contains("searchPart") && "\(error)".contains("consistency") && "\(error)".contains("earlier version"))
    }
  }

  @Test func aDamagedSavedConfigIsACheckpointError() throws {
    let folder = try CheckpointTests.temporaryRun()
    defer { try? FileManager.default.removeItem(at: folder) }
    try Data("{\"seed\": \"one\"}".utf8).write(to: folder.appendingPathComponent(TrainingConfig.checkpointFileName))
    #expect(throws: CheckpointError.self) { _ = try TrainingConfig.saved(inCheckpoint: folder) }
    #expect(try TrainingConfig.saved(inCheckpoint: folder.appendingPathComponent("none")) == nil)
    try Data("{".utf8).write(to: folder.appendingPathComponent("state.json"))
    #expect(throws: CheckpointError.self) { _ = try CheckpointProgress.read(from: folder) }
  }
}
