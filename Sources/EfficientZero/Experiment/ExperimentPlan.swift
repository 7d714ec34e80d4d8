import Foundation

/// One (game, variant, seed) of an experiment: where it lives and the `ezero` command that trains
/// it. The command starts the run, or continues it from its checkpoint (`--resume-existing`), so
/// that any launcher can start it again after a stop or a lost process.
public struct PlannedRun: Sendable {
  public let game: String
  public let variant: String
  public let seed: UInt64
  public let directory: URL
  /// `ezero` arguments (without the executable).
  public let arguments: [String]

  public var label: String { "\(game) / \(variant) / seed \(seed)" }
}

/// Where a run stands, read from its directory.
public enum RunState: Sendable {
  /// Its final evaluation is written: never trained again.
  case finished(EvaluationReport)
  /// It has a checkpoint (the step it was taken at) but no final evaluation.
  case partial(trainingStep: Int)
  case notStarted

  public init(directory: URL) throws {
    if let report = try EvaluationReport.read(from: directory) {
      self = .finished(report)
    } else if let checkpoint = CheckpointDirectory(runDirectory: directory).latest() {
      self = .partial(trainingStep: (try? CheckpointDirectory.verify(checkpoint, only: []).trainingStep) ?? 0)
    } else {
      self = .notStarted
    }
  }

}

/// An experiment laid out in an output folder: `<output>/<game>/<variant>/seed<S>` per run,
/// `<output>/<game>/random.json` for the random policy, `report.md` and `<game>.svg`.
public struct ExperimentPlan: Sendable {
  public let experiment: Experiment
  public let output: URL
  public let runs: [PlannedRun]

  /// `threads`: libtorch threads of every run (nil: the preset's).
  public init(experiment: Experiment, output: URL, threads: Int? = nil) {
    self.experiment = experiment
    self.output = output
    var runs: [PlannedRun] = []
    for game in experiment.games {
      for variant in experiment.variants {
        for seed in experiment.seeds {
          let directory = Self.runDirectory(output, game: game, variant: variant.name, seed: seed)
          var arguments = [
            "train", "--preset", experiment.preset.rawValue, "--game", game, "--seed", "\(seed)", "--run-dir", directory.path,
            "--resume-existing",
          ]
          arguments += experiment.settingItems(variant: variant).flatMap { ["--set", $0] }
          arguments += experiment.stopRule.arguments
          if let threads { arguments += ["--threads", "\(threads)"] }
          runs.append(PlannedRun(game: game, variant: variant.name, seed: seed, directory: directory, arguments: arguments))
        }
      }
    }
    self.runs = runs
  }

  public static func folderName(_ game: String) -> String { game.replacingOccurrences(of: "/", with: "-") }

  public static func runDirectory(_ output: URL, game: String, variant: String, seed: UInt64) -> URL {
    output.appendingPathComponent(folderName(game)).appendingPathComponent(variant).appendingPathComponent("seed\(seed)")
  }

  public func randomPolicyFile(game: String) -> URL {
    output.appendingPathComponent(Self.folderName(game)).appendingPathComponent("random.json")
  }

  /// The experiment file's settings as run, kept beside the results.
  public static let copyFileName = "experiment.yaml"
}
