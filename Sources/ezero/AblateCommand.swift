import ArgumentParser
import EfficientZero
import Foundation

/// `ezero ablate`: the paper's ablations as an experiment (one variant per ablation), run and
/// reported by the experiment runner.
struct AblateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ablate",
    abstract: "Train the paper's ablation variants side by side (an experiment with one variant per ablation).",
    discussion: """
      Variants: \(Ablation.all.map { "\($0.name) (\($0.meaning))" }.joined(separator: "; ")).

      The same as `ezero experiment run` on a file with these variants: every (game, variant, seed) trains into
      <output>/<game>/<variant>/seed<S>; finished runs are skipped and stopped ones continue, so the same
      command continues a sweep; <output>/report.md and <output>/<game>.svg compare the final evaluations.

      Example:
        ezero ablate --preset atari-cpu --game Breakout --variants full,no-consistency,no-value-prefix,no-correction --seeds 0 1

      \(ExitStatus.table)
      """)

  @Option(help: "Configuration preset of every variant.")
  var preset = "cartpole"
  @Option(parsing: .upToNextOption, help: "Environments (default: the preset's).")
  var game: [String] = []
  @Option(help: "Comma-separated variants.")
  var variants = "full,no-consistency,no-value-prefix,no-correction"
  @Option(parsing: .upToNextOption, help: "Seeds (--seeds 0 1).")
  var seeds: [UInt64] = [0]
  @Option(help: "Training steps per run (default: the preset's).")
  var steps: Int?
  @Option(help: "Evaluate every this many training steps for the curves (default: the preset's interval, else 1/5 of the steps).")
  var every: Int?
  @Option(name: .customLong("set"), help: ArgumentHelp("Override a config field in every variant (repeatable).", valueName: "key=value"))
  var overrides: [String] = []
  @Option(help: "libtorch threads per run (default: the preset's).")
  var threads: Int?
  @Option(help: "Runs at once on this machine.")
  var jobs = 1
  @Option(help: "Folder of the runs, the table and the charts.")
  var output = "ablations"

  func validate() throws {
    guard !seeds.isEmpty else { throw ValidationError("--seeds needs at least one seed") }
    if let steps, steps < 1 { throw ValidationError("--steps must be >= 1") }
    if let every, every < 1 { throw ValidationError("--every must be >= 1") }
    guard jobs >= 1 else { throw ValidationError("--jobs must be >= 1") }
  }

  func run() throws {
    let chosen = try Preset.named(preset)
    let ablations = try variants.split(separator: ",").map { try Ablation.named(String($0)) }
    let settings = try overrides.map { item in
      guard let eq = item.firstIndex(of: "=") else { throw ConfigError("a setting expects key=value, got '\(item)'") }
      return Experiment.KeyValue(String(item[..<eq]), String(item[item.index(after: eq)...]))
    }
    let trainingSteps = steps ?? chosen.config.trainingSteps
    let experiment = Experiment(
      question: "What does each of the paper's components add (\(ablations.map(\.name).joined(separator: ", ")))?",
      preset: chosen, games: game.isEmpty ? nil : game, seeds: seeds, settings: settings,
      variants: ablations.map { ablation in
        Experiment.Variant(
          name: ablation.name, settings: ablation.settings.sorted { $0.key < $1.key }.map { Experiment.KeyValue($0.key, $0.value) })
      },
      trainingSteps: steps,
      evaluationEvery: every ?? (chosen.config.evaluationInterval > 0 ? chosen.config.evaluationInterval : max(1, trainingSteps / 5)))
    try experiment.validate()
    let plan = ExperimentPlan(experiment: experiment, output: URL(fileURLWithPath: output), threads: threads)
    try ExperimentSession(plan: plan, fileText: experiment.yaml, jobs: jobs).run()
  }
}
