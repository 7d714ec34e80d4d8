import Environments
import Foundation
import Metrics

/// An experiment's results from its output folder: per game and variant the final evaluations of
/// the finished seeds (mean ± std over seeds, each seed's figure), human-normalised for Atari,
/// beside the random policy; one chart per game (each variant's mean over seeds, its seeds faint
/// behind it, peer implementations' curves from `peers/` beside them); the runs still missing.
public struct ExperimentReport {
  public let plan: ExperimentPlan
  /// [game][variant]: (seed, final evaluation) of the finished runs, in seed order.
  public let finals: [String: [String: [(seed: UInt64, report: EvaluationReport)]]]
  public let random: [String: EvaluationReport]
  public let missing: [PlannedRun]

  public static let fileName = "report.md"

  public init(plan: ExperimentPlan) throws {
    self.plan = plan
    var finals: [String: [String: [(seed: UInt64, report: EvaluationReport)]]] = [:]
    var missing: [PlannedRun] = []
    for run in plan.runs {
      if case .finished(let report) = try RunState(directory: run.directory) {
        finals[run.game, default: [:]][run.variant, default: []].append((run.seed, report))
      } else {
        missing.append(run)
      }
    }
    var random: [String: EvaluationReport] = [:]
    for game in plan.experiment.games {
      let file = plan.randomPolicyFile(game: game)
      random[game] = try EvaluationReport.read(from: file.deletingLastPathComponent(), name: file.lastPathComponent)
    }
    self.finals = finals
    self.random = random
    self.missing = missing
  }

  public var isComplete: Bool { missing.isEmpty }

  /// Mean and population standard deviation.
  static func meanAndStd(_ values: [Double]) -> (mean: Double, std: Double) {
    let mean = values.reduce(0, +) / Double(max(values.count, 1))
    let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(max(values.count, 1))
    return (mean, variance.squareRoot())
  }

  static func format(_ value: Double) -> String { String(format: "%.1f", value) }

  public var markdown: String {
    let experiment = plan.experiment
    var text = "# Experiment report\n\n"
    if let question = experiment.question { text += "Question: \(question)\n\n" }
    text += "Preset `\(experiment.preset.rawValue)`; seeds \(experiment.seeds.map(String.init).joined(separator: ", "))"
    if let steps = experiment.trainingSteps { text += "; training_steps \(steps)" }
    if let step = experiment.stopRule.trainingStep { text += "; stopped at training step \(step)" }
    if let minutes = experiment.stopRule.wallMinutes { text += "; at most \(minutes) minutes per run" }
    if let goal = experiment.stopRule.goalReturn { text += "; a run ends at its first evaluation >= \(goal)" }
    text += ".\n"
    if !experiment.settings.isEmpty { text += "Settings of every variant: `\(experiment.settings.map(\.item).joined(separator: " "))`.\n" }
    text += "Final evaluation of each run (its mean return over the evaluation episodes); mean ± std over the seeds that finished.\n"
    for game in experiment.games {
      text += "\n## \(game)\n\n"
      if let random = random[game] {
        text += "Uniformly random policy, same harness: \(Self.format(random.mean)) over \(random.returns.count) episodes.\n"
      }
      let reference = try? AtariScores.reference(for: game)
      if let reference {
        text += "Atari 100k reference scores: random \(reference.random), human \(reference.human), EfficientZero (paper) \(reference.efficientZero).\n"
      }
      text += "\n| variant | settings | final mean ± std | seeds (final) |" + (reference == nil ? "" : " human-normalised |")
        + " last moves: top action share, prior entropy |\n"
      text += "|---|---|---|---|" + (reference == nil ? "" : "---|") + "---|\n"
      for variant in experiment.variants {
        let done = finals[game]?[variant.name] ?? []
        let settings = variant.settings.isEmpty ? "-" : "`" + variant.settings.map(\.item).joined(separator: " ") + "`"
        let perSeed = experiment.seeds.map { seed in
          done.first { $0.seed == seed }.map { "\(seed): \(Self.format($0.report.mean))" } ?? "\(seed): -"
        }.joined(separator: ", ")
        var row = "| \(variant.name) | \(settings) | "
        if done.isEmpty {
          row += "- | \(perSeed) |"
          if reference != nil { row += " - |" }
        } else {
          let (mean, std) = Self.meanAndStd(done.map(\.report.mean))
          row += "\(Self.format(mean)) ± \(Self.format(std)) (\(done.count) of \(experiment.seeds.count)) | \(perSeed) |"
          if reference != nil {
            row += (try? AtariScores.humanNormalized(mean, game: game)).map { String(format: " %.3f |", $0) } ?? " - |"
          }
        }
        let moves = done.compactMap { finished in
          plan.runs.first { $0.game == game && $0.variant == variant.name && $0.seed == finished.seed }
            .flatMap { try? Self.lastMoves(of: $0.directory) }
        }
        row += moves.isEmpty
          ? " - |"
          : " " + moves.map { String(format: "%.0f%% (a%d), %.2f", $0.topShare * 100, $0.topAction, $0.entropy) }.joined(separator: "; ") + " |"
        text += row + "\n"
      }
      text += "\n![\(game)](\(ExperimentPlan.folderName(game)).svg)\n"
    }
    if experiment.games.count > 1 && experiment.games.allSatisfy({ (try? AtariScores.reference(for: $0)) != nil }) {
      text += "\n## Human-normalised score over the games\n\n| variant | mean | median |\n|---|---|---|\n"
      for variant in experiment.variants {
        let scores = experiment.games.compactMap { game -> (game: String, score: Double)? in
          guard let done = finals[game]?[variant.name], !done.isEmpty else { return nil }
          return (game, Self.meanAndStd(done.map(\.report.mean)).mean)
        }
        if scores.count == experiment.games.count, let summary = try? AtariScores.summary(scores) {
          text += String(format: "| %@ | %.3f | %.3f |\n", variant.name, summary.mean, summary.median)
        } else {
          text += "| \(variant.name) | - | - |\n"
        }
      }
    }
    let times = plan.runs.compactMap { run in (try? RunWallTime.read(from: run.directory)).flatMap { $0 }.map { (run, $0) } }
    if !times.isEmpty {
      text += "\n## Wall time\n\nEach run's steps counted once (a resumed run's repeated steps by their later pass); "
        + "evaluations include the final one; the rest is batches, priorities, checkpoints and logging.\n\n"
      let unfinished = Set(missing.map(\.label))
      for (run, time) in times {
        text += "- \(run.label)\(unfinished.contains(run.label) ? " (in progress)" : ""): \(time.summary)\n"
      }
    }
    if !missing.isEmpty {
      text += "\n## Missing runs\n\n\(missing.count) of \(plan.runs.count) runs have no final evaluation yet:\n\n"
      for run in missing { text += "- \(run.label)\n" }
      text += "\nRunning the same `ezero experiment run` command again continues them.\n"
    }
    return text
  }

  /// The evaluations of one run as (agent steps, mean return) keyed by training step: the periodic
  /// ones from its scalars (the last value logged per step, as a resumed run may log a step twice)
  /// and the final one.
  static func curve(of directory: URL) throws -> [Int: (environmentSteps: Double, mean: Double)] {
    let csv = directory.appendingPathComponent(ScalarLog.csvFileName)
    var out: [Int: (environmentSteps: Double, mean: Double)] = [:]
    if FileManager.default.fileExists(atPath: csv.path) {
      var means: [Int: Double] = [:]
      var environmentSteps: [Int: Double] = [:]
      for point in try ScalarCSV.read(contentsOf: csv) {
        if point.tag == MetricTag.evaluationMean { means[point.step] = point.value }
        if point.tag == MetricTag.environmentSteps { environmentSteps[point.step] = point.value }
      }
      for (step, mean) in means { if let x = environmentSteps[step] { out[step] = (x, mean) } }
    }
    if let final = try EvaluationReport.read(from: directory) {
      out[final.trainingStep] = (Double(final.environmentSteps), final.mean)
    }
    return out
  }

  /// Self-play's moves in the run's last logged interval: the most played action, its share, and
  /// the prior's mean entropy (nats). A share near 1 with an entropy near 0 is a collapsed policy.
  static func lastMoves(of directory: URL) throws -> (topAction: Int, topShare: Double, entropy: Double)? {
    let csv = directory.appendingPathComponent(ScalarLog.csvFileName)
    guard FileManager.default.fileExists(atPath: csv.path) else { return nil }
    let points = try ScalarCSV.read(contentsOf: csv)
    guard let last = points.last(where: { $0.tag == MetricTag.priorEntropy }) else { return nil }
    let prefix = MetricTag.actionShare(0).dropLast()
    var shares: [Int: Double] = [:]
    for point in points where point.step == last.step && point.tag.hasPrefix(prefix) {
      if let action = Int(point.tag.dropFirst(prefix.count)) { shares[action] = point.value }
    }
    guard let top = shares.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }) else { return nil }
    return (top.key, top.value, last.value)
  }

  /// Each variant's evaluations averaged over its seeds at each training step (x: the seeds' mean agent steps).
  public func chart(game: String) throws -> LineChart {
    var series: [LineChart.Series] = []
    for variant in plan.experiment.variants {
      let curves = try plan.runs.filter { $0.game == game && $0.variant == variant.name }.map { try Self.curve(of: $0.directory) }
      let seedLines = curves.map { curve in
        curve.sorted { $0.key < $1.key }.map { LineChart.Point(x: $0.value.environmentSteps, y: $0.value.mean) }
      }
      var byStep: [Int: [(environmentSteps: Double, mean: Double)]] = [:]
      for curve in curves { for (step, point) in curve { byStep[step, default: []].append(point) } }
      let mean = byStep.sorted { $0.key < $1.key }.map { _, points in
        LineChart.Point(
          x: points.map(\.environmentSteps).reduce(0, +) / Double(points.count),
          y: points.map(\.mean).reduce(0, +) / Double(points.count))
      }
      series.append(LineChart.Series(name: "\(variant.name) (\(curves.filter { !$0.isEmpty }.count) seeds)", points: mean, spread: seedLines))
    }
    for peer in try PeerCurve.all(output: plan.output, game: game) {
      series.append(LineChart.Series(name: "\(peer.name) (peer)", points: peer.points))
    }
    if let random = random[game] {
      let xs = series.flatMap { $0.points.map(\.x) }
      series.append(LineChart.Series(name: "random policy", points: [.init(x: 0, y: random.mean), .init(x: xs.max() ?? 1, y: random.mean)]))
    }
    return LineChart(
      title: "\(game): evaluation return (mean over seeds; seeds faint)", xLabel: "agent steps", yLabel: "mean return",
      series: series)
  }

  /// `report.md` and `<game>.svg` in the output folder.
  public func write() throws {
    try markdown.write(to: plan.output.appendingPathComponent(Self.fileName), atomically: true, encoding: .utf8)
    for game in plan.experiment.games {
      try chart(game: game).svg().write(
        to: plan.output.appendingPathComponent("\(ExperimentPlan.folderName(game)).svg"), atomically: true, encoding: .utf8)
    }
  }
}
