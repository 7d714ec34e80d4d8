import ArgumentParser
import EfficientZero
import Environments
import Foundation
import Metrics

/// `ezero report`: learning curves of runs as SVG charts, and their final scores in the layout of
/// the paper's Table 1 (Atari: per-game raw scores and mean/median human-normalised score).
struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Draw learning curves (SVG) and tabulate final scores of one or more runs.",
    discussion: """
      Reads each run directory's scalars.csv, config.yaml and evaluation.json. Writes, into --output:
      <run>/return.svg (episode and evaluation return vs environment steps), <run>/losses.svg (each loss
      term vs training step), <run>/learning_rate.svg, and report.md with the score table. Several seeds of a
      game are averaged, as in the paper. Runs without evaluation.json (still training or stopped) get curves only.

      Example:
        ezero report runs/breakout-seed0 runs/breakout-seed1 runs/pong-seed0 --output report
      """)

  @Argument(help: "Run directories.")
  var runs: [String]
  @Option(help: "Folder for the charts and report.md.")
  var output = "report"

  func run() throws {
    let out = URL(fileURLWithPath: output)
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    var results: [(run: String, report: EvaluationReport)] = []
    for run in runs {
      let directory = URL(fileURLWithPath: run)
      let csv = directory.appendingPathComponent(ScalarLog.csvFileName)
      guard FileManager.default.fileExists(atPath: csv.path) else {
        throw MissingInput("\(run) has no \(ScalarLog.csvFileName); is it a run directory?")
      }
      let points = try ScalarCSV.read(contentsOf: csv)
      let name = directory.lastPathComponent
      let files = try ChartGroup.writeCharts(Self.charts, from: points, to: out.appendingPathComponent(name))
      print("\(run): " + files.map { $0.path }.joined(separator: ", "))
      if let report = try EvaluationReport.read(from: directory) { results.append((name, report)) }
    }
    let table = Self.table(results)
    try table.write(to: out.appendingPathComponent("report.md"), atomically: true, encoding: .utf8)
    print("")
    print(table, terminator: "")
  }

  static let charts = [
    ChartGroup(
      title: "Return vs environment steps", fileName: "return.svg",
      tags: [MetricTag.episodeReturn, MetricTag.evaluationMean], x: .tag(MetricTag.environmentSteps),
      xLabel: "environment steps", yLabel: "return", smoothing: 0.6),
    ChartGroup(
      title: "Loss terms vs training step", fileName: "losses.svg", tags: [MetricTag.losses],
      xLabel: "training step", yLabel: "loss", smoothing: 0.6),
    ChartGroup(
      title: "Learning rate", fileName: "learning_rate.svg", tags: [MetricTag.learningRate], xLabel: "training step",
      yLabel: "learning rate"),
  ]

  /// Markdown: Atari games in Table 1's layout with mean/median HNS, other environments as return +- std.
  static func table(_ results: [(run: String, report: EvaluationReport)]) -> String {
    guard !results.isEmpty else { return "No run has an evaluation.json yet (runs write it after their final evaluation).\n" }
    var text = ""
    let byEnvironment = Dictionary(grouping: results, by: { canonicalName($0.report.environment) })
    var atari: [(game: String, row: AtariReferenceScore, mean: Double, seeds: Int)] = []
    var other: [(name: String, mean: Double, std: Double, seeds: Int, steps: Int)] = []
    for (name, group) in byEnvironment.sorted(by: { $0.key < $1.key }) {
      let means = group.map(\.report.mean)
      let mean = means.reduce(0, +) / Double(means.count)
      if let row = try? AtariScores.reference(for: name) {
        atari.append((row.game.romName, row, mean, group.count))
      } else {
        let std = group.map(\.report.std).reduce(0, +) / Double(group.count)
        other.append((name, mean, std, group.count, group.map(\.report.environmentSteps).max() ?? 0))
      }
    }
    if !atari.isEmpty {
      let order = AtariScores.atari100k.map(\.game.romName)
      atari.sort { (order.firstIndex(of: $0.game) ?? 99) < (order.firstIndex(of: $1.game) ?? 99) }
      text += "| Game | Random | Human | EfficientZero (paper) | This code | HNS | seeds |\n|---|---|---|---|---|---|---|\n"
      for entry in atari {
        let hns = (entry.mean - entry.row.random) / (entry.row.human - entry.row.random)
        text += "| \(entry.row.game.displayName) | \(f(entry.row.random)) | \(f(entry.row.human)) | \(f(entry.row.efficientZero)) "
          + "| \(f(entry.mean)) | \(String(format: "%.3f", hns)) | \(entry.seeds) |\n"
      }
      if let ours = try? AtariScores.summary(atari.map { (game: $0.game, score: $0.mean) }),
        let paper = try? AtariScores.summary(atari.map { (game: $0.game, score: $0.row.efficientZero) })
      {
        text += "| **Mean HNS** | 0.000 | 1.000 | \(String(format: "%.3f", paper.mean)) | \(String(format: "%.3f", ours.mean)) | | |\n"
        text += "| **Median HNS** | 0.000 | 1.000 | \(String(format: "%.3f", paper.median)) | \(String(format: "%.3f", ours.median)) | | |\n"
      }
      text += "\nOver the \(atari.count) of 26 Atari 100k games present; the paper's column is restricted to the same games.\n"
    }
    if !other.isEmpty {
      if !atari.isEmpty { text += "\n" }
      text += "| Environment | Return (mean over seeds) | std (mean over seeds) | seeds | environment steps |\n|---|---|---|---|---|\n"
      for entry in other {
        text += "| \(entry.name) | \(f(entry.mean)) | \(f(entry.std)) | \(entry.seeds) | \(entry.steps) |\n"
      }
    }
    return text
  }

  static func canonicalName(_ environment: String) -> String {
    (try? AtariScores.reference(for: environment).game.romName) ?? environment
  }

  static func f(_ x: Double) -> String { String(format: "%.1f", x) }
}
