import Environments
import Foundation
import Search
import TestKinds
import Testing
import Torch
@testable import EfficientZero

@Suite(.serialized, .tags(.integration)) struct CheckpointTests {
  /// Tiny CartPole whose collection ends within the first steps, so that every later step trains
  /// on replay alone (as the last 20k steps of Atari 100k do).
  static func config() -> TrainingConfig {
    var c = Preset.tinyCartpole.config
    c.threads = 1
    c.maxEnvironmentSteps = 160
    c.environmentStepsPerTrainingStep = 50
    c.logInterval = 1
    return c
  }

  static func temporaryRun() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("ezero-checkpoint-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  static func totals(_ trainer: Trainer<CartPole>, until step: Int) throws -> [Double] {
    var out: [Double] = []
    try trainer.run(until: step) { out.append($0.losses.total) }
    return out
  }

  /// Also with mixed precision, whose loss scale (set here to a value no step would reach this
  /// early) travels in the checkpoint, and with `reanalyze_reuse`, whose searches under the current
  /// target network (refreshed every 4 steps: the checkpoint at step 10 falls inside a version) do.
  @Test(arguments: [(false, false), (true, false), (false, true)])
  func resumingGivesTheSameLossesAsNotStopping(amp: Bool, reuse: Bool) throws {
    let run = try Self.temporaryRun()
    defer { try? FileManager.default.removeItem(at: run) }
    let directory = CheckpointDirectory(runDirectory: run)
    var config = Self.config()
    config.amp = amp ? .on : .off
    if reuse {
      config.reanalyzeReuse = true
      config.optimizer.targetUpdateInterval = 4
    }
    let original = try PipelineTests.cartPoleTrainer(config)
    _ = try Self.totals(original, until: 10)
    if let scaler = original.learner.gradScaler {
      try Torch.withNoGrad {
        try scaler.scale.fillInPlace(1024)
        try scaler.growthTracker.fillInPlace(7)
      }
    }
    try original.saveCheckpoint(to: directory, configFile: "preset: tiny-cartpole\n")
    let uninterrupted = try Self.totals(original, until: 30)

    let resumed = try PipelineTests.cartPoleTrainer(config)
    #expect((resumed.learner.gradScaler != nil) == amp)
    try resumed.restore(from: try #require(directory.latest()))
    if let scaler = resumed.learner.gradScaler {
      #expect(try scaler.scale.item() == 1024 && scaler.growthTracker.item() == 7)
    }
    #expect(resumed.trainingStep == 10)
    #expect(resumed.replay.moveCount > 0)
    let afterResume = try Self.totals(resumed, until: 30)
    #expect(afterResume.count == 20)
    #expect(afterResume == uninterrupted)
    // Weights end bit-identical too.
    for ((name, a), (_, b)) in zip(original.learner.network.stateDict(), resumed.learner.network.stateDict())
    where a.dtype == .float32 {
      #expect(try a.toArray(Float.self) == b.toArray(Float.self), "\(name)")
    }
  }

  /// CartPole saves its state, so games in progress continue: the resumed run is the same run even
  /// while self-play keeps collecting.
  @Test func resumingWhileCollectingContinuesTheSameGames() throws {
    let run = try Self.temporaryRun()
    defer { try? FileManager.default.removeItem(at: run) }
    let directory = CheckpointDirectory(runDirectory: run)
    var config = Preset.tinyCartpole.config
    config.threads = 1
    config.logInterval = 1
    let original = try PipelineTests.cartPoleTrainer(config)
    #expect(original.checkpointsKeepGamesInProgress)
    _ = try Self.totals(original, until: 12)
    try original.saveCheckpoint(to: directory, configFile: "")
    #expect(try CheckpointDirectory.verify(directory.current).files.contains { $0.name == "self_play.bin" })
    let uninterrupted = try Self.totals(original, until: 30)

    let resumed = try PipelineTests.cartPoleTrainer(config)
    try resumed.restore(from: directory.current)
    let afterResume = try Self.totals(resumed, until: 30)
    #expect(afterResume == uninterrupted)
    #expect(resumed.environmentSteps == original.environmentSteps && resumed.environmentSteps > 160)
    #expect(resumed.episodes == original.episodes)
    #expect(resumed.replay.totalMovesAdded == original.replay.totalMovesAdded)
  }

  @Test func checkpointingDoesNotDisturbTheRun() throws {
    let run = try Self.temporaryRun()
    defer { try? FileManager.default.removeItem(at: run) }
    let plain = try PipelineTests.cartPoleTrainer(Self.config())
    let expected = try Self.totals(plain, until: 30)
    let checkpointed = try PipelineTests.cartPoleTrainer(Self.config())
    var got: [Double] = []
    while !checkpointed.isFinished {
      got += try Self.totals(checkpointed, until: checkpointed.nextStop(every: 7))
      try checkpointed.saveCheckpoint(to: CheckpointDirectory(runDirectory: run), configFile: "")
    }
    #expect(got == expected)
  }

  @Test func damagedCheckpointsAreRejectedAndLeftAlone() throws {
    let run = try Self.temporaryRun()
    defer { try? FileManager.default.removeItem(at: run) }
    let directory = CheckpointDirectory(runDirectory: run)
    let trainer = try PipelineTests.cartPoleTrainer(Self.config())
    _ = try Self.totals(trainer, until: 3)
    try trainer.saveCheckpoint(to: directory, configFile: "")
    let folder = try #require(directory.latest())
    let replayFile = folder.appendingPathComponent("replay.bin")
    var bytes = try Data(contentsOf: replayFile)
    bytes[bytes.count / 2] ^= 0x40
    try bytes.write(to: replayFile)

    let fresh = try PipelineTests.cartPoleTrainer(Self.config())
    let error = #expect(throws: CheckpointError.self) { try fresh.restore(from: folder) }
    #expect(error?.message.contains("replay.bin") == true && error?.message.contains("damaged") == true)
    #expect(try Data(contentsOf: replayFile) == bytes, "a rejected checkpoint is never rewritten")
    #expect(fresh.trainingStep == 0)

    try FileManager.default.removeItem(at: folder.appendingPathComponent("model.pt"))
    #expect(throws: CheckpointError.self) { try fresh.restore(from: folder) }
    try Data("{\"format\": 1, \"trainingStep\"".utf8).write(to: folder.appendingPathComponent("manifest.json"))
    #expect(throws: CheckpointError.self) { try CheckpointDirectory.verify(folder) }
  }

  @Test func checkpointsOfOtherSettingsAreRefusedWithTheDifference() throws {
    let run = try Self.temporaryRun()
    defer { try? FileManager.default.removeItem(at: run) }
    let directory = CheckpointDirectory(runDirectory: run)
    try PipelineTests.cartPoleTrainer(Self.config()).saveCheckpoint(to: directory, configFile: "")
    var other = Self.config()
    other.batchSize = 8
    let error = #expect(throws: CheckpointError.self) {
      try PipelineTests.cartPoleTrainer(other).restore(from: directory.latest()!)
    }
    #expect(error?.message.contains("batch_size: 16 in the checkpoint, 8 now") == true)
    // Operational settings may change.
    var watched = Self.config()
    watched.logInterval = 5
    watched.evaluationEpisodes = 7
    try PipelineTests.cartPoleTrainer(watched).restore(from: directory.latest()!)
  }

  /// A kill between the two renames of a commit leaves only `checkpoint.previous/`; a kill while
  /// writing leaves `checkpoint.partial/`. Neither loses the last complete checkpoint.
  @Test func aKillDuringACommitLeavesACompleteCheckpoint() throws {
    let run = try Self.temporaryRun()
    defer { try? FileManager.default.removeItem(at: run) }
    let directory = CheckpointDirectory(runDirectory: run)
    let trainer = try PipelineTests.cartPoleTrainer(Self.config())
    _ = try Self.totals(trainer, until: 4)
    try trainer.saveCheckpoint(to: directory, configFile: "")
    let fm = FileManager.default
    try fm.moveItem(at: directory.current, to: run.appendingPathComponent("checkpoint.previous"))
    try fm.createDirectory(at: run.appendingPathComponent("checkpoint.partial"), withIntermediateDirectories: true)
    try Data("half a file".utf8).write(to: run.appendingPathComponent("checkpoint.partial/model.pt"))
    let found = try #require(directory.latest())
    #expect(found.lastPathComponent == "checkpoint.previous")
    let resumed = try PipelineTests.cartPoleTrainer(Self.config())
    try resumed.restore(from: found)
    #expect(resumed.trainingStep == 4)
    // The next commit cleans both up.
    _ = try Self.totals(resumed, until: 6)
    try resumed.saveCheckpoint(to: directory, configFile: "")
    #expect(!fm.fileExists(atPath: run.appendingPathComponent("checkpoint.partial").path))
    #expect(!fm.fileExists(atPath: run.appendingPathComponent("checkpoint.previous").path))
    #expect(try CheckpointDirectory.verify(directory.current).trainingStep == 6)
  }

  @Test func replayArchiveRoundTripsImageSegmentsAndPriorities() throws {
    let replay = ReplayBuffer<UInt8>(capacity: 1000, alpha: 0.6)
    var builder = SegmentBuilder<UInt8>(segmentLength: 6, lookAhead: 2, frameSize: 5, stackedFrames: 2, actionCount: 3)
    var random = SearchRandom(seed: 9)
    func observation() -> [UInt8] { (0..<10).map { _ in UInt8(random.below(256)) } }
    let first = observation()
    first.withUnsafeBufferPointer { builder.begin(observation: $0, trainingStep: 0) }
    let policy: [Float] = [0.2, 0.3, 0.5]
    for step in 0..<23 {
      let next = observation()
      let done = step == 22
      let segments = policy.withUnsafeBufferPointer { p in
        next.withUnsafeBufferPointer { o in
          builder.record(
            action: random.below(3), reward: Float(step), rootValue: 0.5, policy: p, nextObservation: o, done: done,
            truncated: done, trainingStep: step)
        }
      }
      for s in segments { replay.add(s) }
    }
    var sampler = SearchRandom(seed: 1)
    let (keys, _) = replay.sample(count: 12, beta: 0.4, using: &sampler)
    replay.updatePriorities(keys, keys.map { Float($0.position) + 0.25 })
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("replay-\(UUID().uuidString).bin").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    try ReplayArchive.write(replay, to: path)
    let copy = ReplayBuffer<UInt8>(capacity: 1000, alpha: 0.6)
    try ReplayArchive.read(from: path, into: copy, frameSize: 5, stackedFrames: 2)
    #expect(copy.segmentCount == replay.segmentCount && copy.moveCount == replay.moveCount)
    for id in 0..<replay.segmentCount {
      let a = replay.segment(id)
      let b = copy.segment(id)
      #expect(a.frames == b.frames && a.actions == b.actions && a.rewards == b.rewards && a.policies == b.policies)
      #expect(a.ownLength == b.ownLength && a.episodeEnded == b.episodeEnded && a.collectedAtTrainingStep == b.collectedAtTrainingStep)
      #expect(a.endedByTimeLimit == b.endedByTimeLimit)
    }
    #expect(replay.segment(replay.segmentCount - 1).endedByTimeLimit)
    var s1 = SearchRandom(seed: 5)
    var s2 = SearchRandom(seed: 5)
    let original = replay.sample(count: 20, beta: 0.7, using: &s1)
    let restored = copy.sample(count: 20, beta: 0.7, using: &s2)
    #expect(original.keys == restored.keys && original.weights == restored.weights)
    // Another frame type or shape is refused.
    #expect(throws: CheckpointError.self) {
      try ReplayArchive.read(from: path, into: ReplayBuffer<Float>(capacity: 1000, alpha: 0.6), frameSize: 5, stackedFrames: 2)
    }
    #expect(throws: CheckpointError.self) {
      try ReplayArchive.read(from: path, into: ReplayBuffer<UInt8>(capacity: 1000, alpha: 0.6), frameSize: 4, stackedFrames: 2)
    }
  }

  /// Resuming rebuilds the configuration from the stored description on top of the stored preset.
  @Test(arguments: Preset.allCases) func aPresetsDescriptionRebuildsIt(_ preset: Preset) throws {
    let original = preset.config
    var rebuilt = preset.config
    rebuilt.batchSize = 3
    rebuilt.lstmHorizon = 99
    for line in original.resolvedDescription.split(separator: "\n") {
      let colon = try #require(line.firstIndex(of: ":"))
      try rebuilt.set(String(line[..<colon]), to: String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
    }
    #expect(rebuilt.resolvedDescription == original.resolvedDescription)
    #expect(rebuilt.searchConfiguration == original.searchConfiguration)
    #expect(TrainingConfig.changedKeys(from: original.resolvedDescription, to: rebuilt.resolvedDescription).isEmpty)
  }
}
