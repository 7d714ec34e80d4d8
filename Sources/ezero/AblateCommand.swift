import ArgumentParser
import EfficientZero
import Environments
import Foundation
import Metrics

/// `ezero ablate`: the paper's ablations as one resumable sweep, with a Table 3-style comparison.
struct AblateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ablate",
    abstract: "Train ablation variants side by side and tabulate them as the paper's Table 3.",
    discussion: """
      Variants: \(Ablation.all.map { "\($0.name) (\($0.meaning))" }.joined(separator: "; ")).

      Every (game, variant, seed) trains into <output>/<game>/<variant>/seed<S>, one after another. The sweep
      is resumable: a finished run (with evaluation.json) is skipped, a stopped one resumes from its checkpoint,
      so a killed or interrupted sweep continues where it stopped when the same command runs again. Then
      <output>/report.md holds the comparison (final evaluation: mean return +- std over seeds per game; for
      Atari also mean and median human-normalised score over the games) and <output>/<game>.svg the
      evaluation curves of every variant (mean over seeds).

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
  @Option(help: "Folder of the runs, the table and the charts.")
  var output = "ablations"

  func validate() throws {
    guard !seeds.isEmpty else { throw ValidationError("--seeds needs at least one seed") }
    if let steps, steps < 1 { throw ValidationError("--steps must be >= 1") }
    if let every, every < 1 { throw ValidationError("--every must be >= 1") }
  }

  func run() throws {
    let chosen = try Preset.named(preset)
    let chosenVariants = try variants.split(separator: ",").map { try Ablation.named(String($0)) }
    // The settings every variant shares, checked before any run starts.
    var shared = chosen.config
    try RunConfiguration.apply(overrides, to: &shared)
    guard shared.evaluationEpisodes >= 1 else {
      throw ConfigError("ablate compares the runs' final evaluations: evaluation_episodes must be >= 1")
    }
    let games = game.isEmpty ? [chosen.config.environment] : game
    let trainingSteps = steps ?? chosen.config.trainingSteps
    let interval = every ?? (chosen.config.evaluationInterval > 0 ? chosen.config.evaluationInterval : max(1, trainingSteps / 5))
    let out = URL(fileURLWithPath: output)
    for name in games {
      for variant in chosenVariants {
        for seed in seeds {
          let directory = Self.runDirectory(out, game: name, variant: variant.name, seed: seed)
          let label = "\(name) / \(variant.name) / seed \(seed)"
          if FileManager.default.fileExists(atPath: directory.appendingPathComponent(EvaluationReport.fileName).path) {
            print("\(label): finished, skipped")
            continue
          }
          var arguments: [String]
          if CheckpointDirectory(runDirectory: directory).latest() != nil {
            print("\(label): resuming")
            arguments = ["--resume", "--run-dir", directory.path]
          } else {
            print("\(label): training")
            arguments = ["--preset", preset, "--game", name, "--seed", "\(seed)", "--run-dir", directory.path]
            let settings = overrides + ["training_steps=\(trainingSteps)", "evaluation_interval=\(interval)"]
              + variant.settings.sorted(by: { $0.key < $1.key }).map { "\($0.key)=\($0.value)" }
            arguments += settings.flatMap { ["--set", $0] }
          }
          if let threads { arguments += ["--threads", "\(threads)"] }
          try TrainCommand.parse(arguments).run()
          guard FileManager.default.fileExists(atPath: directory.appendingPathComponent(EvaluationReport.fileName).path) else {
            print("\(label): stopped before its end; run the same command again to continue the sweep")
            return
          }
        }
      }
    }
    let report = try AblationReport(output: out, games: games, variants: chosenVariants.map(\.name), seeds: seeds)
    try report.markdown.write(to: out.appendingPathComponent("report.md"), atomically: true, encoding: .utf8)
    for name in games { try report.chart(game: name).write(to: out.appendingPathComponent("\(Self.fileName(name)).svg")) }
    print("")
    print(report.markdown, terminator: "")
  }

  static func fileName(_ game: String) -> String { game.replacingOccurrences(of: "/", with: "-") }

  static func runDirectory(_ output: URL, game: String, variant: String, seed: UInt64) -> URL {
    output.appendingPathComponent(fileName(game)).appendingPathComponent(variant).appendingPathComponent("seed\(seed)")
  }
}

/// The finished runs of a sweep: the final evaluations as a table, the periodic ones as curves.
struct AblationReport {
  let output: URL
  let games: [String]
  let variants: [String]
  let seeds: [UInt64]
  /// [game][variant]: the final evaluation of each seed that finished.
  let finals: [String: [String: [EvaluationReport]]]

  init(output: URL, games: [String], variants: [String], seeds: [UInt64]) throws {
    self.output = output
    self.games = games
    self.variants = variants
    self.seeds = seeds
    var finals: [String: [String: [EvaluationReport]]] = [:]
    for game in games {
      for variant in variants {
        finals[game, default: [:]][variant] = try seeds.compactMap { seed in
          try EvaluationReport.read(from: AblateCommand.runDirectory(output, game: game, variant: variant, seed: seed))
        }
      }
    }
    self.finals = finals
  }

  var isAtari: Bool { games.allSatisfy { (try? AtariScores.reference(for: $0)) != nil } }

  /// Variants as rows, games as columns: mean +- std over seeds of the seeds' mean returns.
  var markdown: String {
    var header = ["variant"] + games
    if isAtari { header += ["mean HNS", "median HNS"] }
    var text = "| " + header.joined(separator: " | ") + " |\n|" + String(repeating: "---|", count: header.count) + "\n"
    for variant in variants {
      var row = [variant]
      var atariScores: [(game: String, score: Double)] = []
      for game in games {
        let means = (finals[game]?[variant] ?? []).map(\.mean)
        guard !means.isEmpty else {
          row.append("-")
          continue
        }
        let mean = means.reduce(0, +) / Double(means.count)
        let std = (means.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(means.count)).squareRoot()
        row.append(String(format: "%.1f ± %.1f (%d)", mean, std, means.count))
        atariScores.append((game, mean))
      }
      if isAtari {
        // Over the games only when every game has a result.
        if atariScores.count == games.count, let summary = try? AtariScores.summary(atariScores) {
          row += [String(format: "%.3f", summary.mean), String(format: "%.3f", summary.median)]
        } else {
          row += ["-", "-"]
        }
      }
      text += "| " + row.joined(separator: " | ") + " |\n"
    }
    text += "\nFinal evaluations: mean return ± std over seeds (seeds finished). \(seeds.count) seed(s) asked.\n"
    return text
  }

  /// Every variant's periodic evaluation (mean over its seeds at each training step) on one chart.
  func chart(game: String) throws -> LineChart {
    var series: [(name: String, points: [(x: Double, y: Double)])] = []
    for variant in variants {
      var byStep: [Int: [Double]] = [:]
      for seed in seeds {
        let csv = AblateCommand.runDirectory(output, game: game, variant: variant, seed: seed).appendingPathComponent(ScalarLog.csvFileName)
        guard FileManager.default.fileExists(atPath: csv.path) else { continue }
        for point in try ScalarCSV.read(contentsOf: csv) where point.tag == MetricTag.evaluationMean {
          byStep[point.step, default: []].append(point.value)
        }
      }
      let points = byStep.sorted { $0.key < $1.key }.map { (x: Double($0.key), y: $0.value.reduce(0, +) / Double($0.value.count)) }
      series.append((variant, points))
    }
    return LineChart(
      title: "\(game): evaluation return by variant (mean over seeds)", xLabel: "training step", yLabel: "return",
      series: series)
  }
}
