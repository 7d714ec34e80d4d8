import Foundation
import Torch

/// A trained run's checkpoint network, loaded with the configuration it was trained with: what `eval` and the
/// analyses start from.
public struct TrainedModel {
  public let folder: URL
  public let config: TrainingConfig
  public let environment: EnvironmentChoice
  public let network: EfficientZeroNetwork
  public let trainingStep: Int
  public let environmentSteps: Int

  /// The latest checkpoint of `runDirectory`, or the checkpoint folder `checkpoint` (exactly one
  /// of them); `fileName` picks the learner's (`model.pt`) or the target network (`target_model.pt`).
  public static func load(runDirectory: String?, checkpoint: String?, fileName: String = "model.pt", threads: Int? = nil, device: String? = nil
  ) throws -> TrainedModel {
    let folder: URL
    if let runDirectory {
      guard let latest = CheckpointDirectory(runDirectory: URL(fileURLWithPath: runDirectory)).latest() else {
        throw MissingInput("\(runDirectory) holds no checkpoint")
      }
      folder = latest
    } else if let checkpoint {
      folder = URL(fileURLWithPath: checkpoint)
      guard FileManager.default.fileExists(atPath: folder.path) else { throw MissingInput("no checkpoint at \(folder.path)") }
    } else {
      throw MissingInput("no run directory or checkpoint given")
    }
    // Only what is read here is checked (the replay can be gigabytes).
    let manifest = try CheckpointDirectory.verify(folder, only: ["config.yaml", "state.json", fileName])
    var (config, _) = try ConfigFile.ofCheckpoint(folder)
    let environment = try EnvironmentChoice(name: config.environment)
    try environment.adapt(&config)
    if let threads { config.threads = threads }
    // A checkpoint is device-independent: the network goes where this command asks.
    config.device = device ?? "cpu"
    try config.validate()
    try config.torchDevice.checkUsable()
    if config.threads > 0 { Torch.threads = config.threads }
    let network = try EfficientZeroNetwork.prepared(for: config)
    do {
      try network.load(stateDict: TensorFile.load(from: folder.appendingPathComponent(fileName).path))
    } catch {
      throw CheckpointError("\(folder.path)/\(fileName) does not fit the run's network: \(error)")
    }
    network.eval()
    let progress = try CheckpointProgress.read(from: folder)
    return TrainedModel(
      folder: folder, config: config, environment: environment, network: network, trainingStep: manifest.trainingStep,
      environmentSteps: progress.environmentSteps)
  }
}
