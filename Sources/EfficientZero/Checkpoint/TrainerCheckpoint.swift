import Foundation
import Search
import Torch

/// Counters, random streams and history of a trainer: the part of a checkpoint that is not tensors or replay.
struct TrainerState: Codable {
  var trainingStep: Int
  var environmentSteps: Int
  var trainingStartedAt: Int?
  var episodes: [EpisodeSummary]
  var replaySampler: SearchRandom
  var selfPlayRandom: SearchRandom
  var reanalyzerRandom: SearchRandom
  /// The run's settings (`TrainingConfig.resolvedDescription`), to refuse a resume under other ones.
  var config: String
  var savedAt: String
}

/// How far the run of a checkpoint had come, read without loading the checkpoint.
public struct CheckpointProgress: Sendable, Equatable {
  public var trainingStep: Int
  public var environmentSteps: Int
  /// Self-play episodes finished.
  public var episodes: Int

  /// From the checkpoint's `state.json` (verify the checkpoint first).
  public static func read(from folder: URL) throws -> CheckpointProgress {
    let url = folder.appendingPathComponent("state.json")
    do {
      let state = try JSONDecoder().decode(TrainerState.self, from: Data(contentsOf: url))
      return CheckpointProgress(
        trainingStep: state.trainingStep, environmentSteps: state.environmentSteps, episodes: state.episodes.count)
    } catch {
      throw CheckpointError("\(url.path) is damaged: \(error)")
    }
  }
}

/// A checkpoint holds everything the run needs to continue:
/// - `model.pt`, `target_model.pt`, `next_target_model.pt` (the weights the next target refresh
///   installs), `self_play_model.pt`: state dicts that Python's `torch.load` opens;
/// - `optimizer.pt`: SGD momentum buffers and the augmentation generator's state;
/// - `replay.bin`: the replay buffer with its priorities; `state.json`: counters and random streams;
/// - `self_play.bin`: the games in progress, where the environments can save their state;
/// - `reanalysis_cache.bin` (with `reanalyze_reuse`): the searches kept under the current target network;
/// - `config.yaml`: the run's configuration (a valid `--config` file); `config.json`: every field of it,
///   which a resumed run takes as it is (so that a preset changed since does not change the run);
/// - `manifest.json`: each file's size and CRC-32C, written last.
///
/// With `self_play.bin` a resumed synchronous run is the uninterrupted run, step for step. Without
/// it, each self-play environment starts a new episode (from a seed derived from the training step),
/// dropping at most one unfinished episode per environment; everything else continues exactly.
extension Trainer {
  static var selfPlayFile: String { "self_play.bin" }
  static var checkpointFiles: [String] {
    [
      "model.pt", "target_model.pt", "next_target_model.pt", "self_play_model.pt", "optimizer.pt", "replay.bin",
      "state.json", "config.yaml",
    ]
  }

  /// Writes a checkpoint of the current state into `directory` (atomically replacing the previous one).
  /// `configFile` is the text stored as `config.yaml`.
  /// Names of the loss scaler's tensors in optimizer.pt (mixed precision only).
  static var gradScalerPrefix: String { "grad_scaler." }

  public func saveCheckpoint(to directory: CheckpointDirectory, configFile: String) throws {
    try directory.commit(trainingStep: learner.step) { folder in
      func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
      try TensorFile.save(learner.network.stateDict(), to: path("model.pt"))
      try TensorFile.save(learner.target.stateDict(), to: path("target_model.pt"))
      try TensorFile.save(learner.nextTarget.stateDict(), to: path("next_target_model.pt"))
      try TensorFile.save(selfPlay.network.stateDict(), to: path("self_play_model.pt"))
      var optimizerState = learner.optimizer.stateDict()
      if let augmentation = learner.augmentation {
        optimizerState.append(("augmentation_generator", try augmentation.generator.state()))
      }
      if let scaler = learner.gradScaler {
        optimizerState += scaler.stateDict().map { (Self.gradScalerPrefix + $0.name, $0.tensor) }
      }
      try TensorFile.save(optimizerState, to: path("optimizer.pt"))
      try ReplayArchive.write(replay, to: path("replay.bin"))
      let state = TrainerState(
        trainingStep: learner.step, environmentSteps: selfPlay.environmentSteps, trainingStartedAt: collector.trainingStartedAt,
        episodes: record.episodes, replaySampler: batches.sampler, selfPlayRandom: selfPlay.random,
        reanalyzerRandom: batches.reanalyzer.random,
        config: config.resolvedDescription, savedAt: ISO8601DateFormatter().string(from: Date()))
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      try encoder.encode(state).write(to: URL(fileURLWithPath: path("state.json")))
      try Data(configFile.utf8).write(to: URL(fileURLWithPath: path("config.yaml")))
      try encoder.encode(config).write(to: URL(fileURLWithPath: path(TrainingConfig.checkpointFileName)))
      let games = try SelfPlayArchive.write(selfPlay, to: path(Self.selfPlayFile))
      let reuse = batches.reanalyzer.reusesSearches
      if reuse { try ReanalysisCacheArchive.write(batches.reanalyzer, to: path(ReanalysisCacheArchive.fileName)) }
      return Self.checkpointFiles + [TrainingConfig.checkpointFileName] + (games ? [Self.selfPlayFile] : [])
        + (reuse ? [ReanalysisCacheArchive.fileName] : [])
    }
  }

  /// Restores a trainer just built with the checkpoint's configuration to the checkpoint's state.
  /// Fails, changing nothing on disk, when the checkpoint is damaged or was made under other settings.
  public func restore(from folder: URL) throws {
    let manifest = try CheckpointDirectory.verify(folder)
    let names = Set(manifest.files.map(\.name))
    if let missing = Self.checkpointFiles.first(where: { !names.contains($0) }) {
      throw CheckpointError("checkpoint \(folder.path) does not list \(missing)")
    }
    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
    let state: TrainerState
    do { state = try JSONDecoder().decode(TrainerState.self, from: Data(contentsOf: URL(fileURLWithPath: path("state.json")))) } catch {
      throw CheckpointError("\(path("state.json")) is damaged: \(error)")
    }
    let changed = TrainingConfig.changedKeys(from: state.config, to: config.resolvedDescription)
      .filter { !TrainingConfig.operationalKeys.contains($0.key) }
    guard changed.isEmpty else {
      let list = changed.map { "\($0.key): \($0.saved) in the checkpoint, \($0.now) now" }.joined(separator: "; ")
      throw CheckpointError("checkpoint \(folder.path) was made with other settings (\(list)); start a new run to change them")
    }
    // Every field, keyed or not (checkpoints from before config.json have only the keys).
    if names.contains(TrainingConfig.checkpointFileName),
      let saved = try TrainingConfig.saved(inCheckpoint: folder), saved.withOperationalSettings(of: config) != config
    {
      throw CheckpointError(
        "checkpoint \(folder.path) was made with other settings (\(TrainingConfig.checkpointFileName) differs from this run's); "
          + "resume with the checkpoint's own settings")
    }
    do {
      try learner.network.load(stateDict: TensorFile.load(from: path("model.pt")))
      try learner.target.load(stateDict: TensorFile.load(from: path("target_model.pt")))
      try learner.nextTarget.load(stateDict: TensorFile.load(from: path("next_target_model.pt")))
      try selfPlay.network.load(stateDict: TensorFile.load(from: path("self_play_model.pt")))
      var optimizerState = try TensorFile.load(from: path("optimizer.pt"))
      if let index = optimizerState.firstIndex(where: { $0.name == "augmentation_generator" }) {
        let generatorState = optimizerState.remove(at: index).tensor
        try learner.augmentation?.generator.setState(generatorState)
      }
      let scalerState = optimizerState.filter { $0.name.hasPrefix(Self.gradScalerPrefix) }
      optimizerState.removeAll { $0.name.hasPrefix(Self.gradScalerPrefix) }
      try learner.gradScaler?.load(
        stateDict: scalerState.map { (String($0.name.dropFirst(Self.gradScalerPrefix.count)), $0.tensor) })
      try learner.optimizer.load(stateDict: optimizerState)
    } catch {
      throw CheckpointError("checkpoint \(folder.path) does not fit this network: \(error)")
    }
    try ReplayArchive.read(
      from: path("replay.bin"), into: replay, frameSize: batches.frameShape.reduce(1, *), stackedFrames: config.network.stackedFrames)
    learner.step = state.trainingStep
    learner.target.eval()
    learner.nextTarget.eval()
    collector.trainingStartedAt = state.trainingStartedAt
    record.episodes = state.episodes
    batches.sampler = state.replaySampler
    batches.reanalyzer.random = state.reanalyzerRandom
    // Checkpoints of earlier versions have no cache: the resumed run then searches afresh.
    if names.contains(ReanalysisCacheArchive.fileName) {
      try ReanalysisCacheArchive.read(from: path(ReanalysisCacheArchive.fileName), into: &batches.reanalyzer)
    }
    selfPlay.random = state.selfPlayRandom
    selfPlay.environmentSteps = state.environmentSteps
    record.copyCounters(of: collector)
    if names.contains(Self.selfPlayFile) {
      try SelfPlayArchive.read(from: path(Self.selfPlayFile), into: selfPlay)
    } else {
      // Fresh episodes from seeds no earlier start used.
      try selfPlay.restartEpisodes(
        seed: RunSeeds(config.seed).restartedEpisodes(atStep: state.trainingStep), trainingStep: state.trainingStep)
    }
  }

  /// Whether checkpoints of this run save the games in progress (the environments can save their state).
  public var checkpointsKeepGamesInProgress: Bool { (try? selfPlay.environments.snapshots()) != nil }
}
