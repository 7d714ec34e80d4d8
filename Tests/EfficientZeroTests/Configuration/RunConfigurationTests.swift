import Foundation
import Testing
@testable import EfficientZero

/// Where a run's settings come from: preset < config file < flags < overrides for a new run; the
/// checkpoint's own settings, operational keys only, for a resumed one.
@Suite struct RunConfigurationTests {
  @Test func laterSourcesWinInANewRun() throws {
    let folder = try CheckpointTests.temporaryRun()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("run.yaml").path
    try "preset: tiny-cartpole\nbatch_size: 12\nseed: 5\nlog_interval: 3\n".write(toFile: path, atomically: true, encoding: .utf8)
    let file = try ConfigFile(path: path)
    let fromFile = try RunConfiguration.fresh(preset: nil, file: file)
    #expect(fromFile.preset == .tinyCartpole)
    #expect(fromFile.config.batchSize == 12 && fromFile.config.seed == 5 && fromFile.config.logInterval == 3)
    let flagged = try RunConfiguration.fresh(
      preset: "cartpole", file: file, seed: 9, threads: 2, overrides: ["batch_size=20", "batch_size=24"])
    #expect(flagged.preset == .cartpole)
    #expect(flagged.config.seed == 9 && flagged.config.threads == 2 && flagged.config.batchSize == 24)
    #expect(flagged.config.logInterval == 3)
    #expect(flagged.fileText.hasPrefix("preset: cartpole\n") && flagged.fileText.contains("batch_size: 24"))
    #expect(throws: ConfigError.self) { try RunConfiguration.fresh(preset: "no-such-preset", file: nil) }
    #expect(throws: ConfigError.self) { try RunConfiguration.fresh(preset: nil, file: nil, overrides: ["batch_size"]) }
  }

  @Test func aResumedRunKeepsItsCheckpointsSettings() throws {
    let run = try CheckpointTests.temporaryRun()
    defer { try? FileManager.default.removeItem(at: run) }
    var config = CheckpointTests.config()
    config.batchSize = 10
    let trainer = try PipelineTests.cartPoleTrainer(config)
    _ = try CheckpointTests.totals(trainer, until: 2)
    let configuration = RunConfiguration(config: trainer.config, preset: .tinyCartpole)
    try trainer.saveCheckpoint(to: CheckpointDirectory(runDirectory: run), configFile: configuration.fileText)
    let checkpoint = try RunConfiguration.checkpointToResume(in: run)

    let resumed = try RunConfiguration.resumed(checkpoint: checkpoint, threads: 1, overrides: ["log_interval=4"])
    #expect(resumed.preset == .tinyCartpole && resumed.config.batchSize == 10)
    #expect(resumed.config.logInterval == 4 && resumed.config.threads == 1)
    #expect(resumed.config.withOperationalSettings(of: trainer.config) == trainer.config)
    #expect(throws: ConfigError.self) { try RunConfiguration.resumed(checkpoint: checkpoint, overrides: ["batch_size=12"]) }
    #expect(throws: MissingInput.self) {
      try RunConfiguration.checkpointToResume(in: run.appendingPathComponent("elsewhere"))
    }
  }
}
