import Foundation
import Metrics
import Testing
@testable import EfficientZero

/// Experiment files, their plan of runs and their report, on hand-made data.
struct ExperimentTests {
  static let text = """
    question: Which?
    preset: tiny-cartpole
    seeds: [3, 1]
    settings: {threads: 1, log_interval: 20}
    variants:
      - name: b-second
        settings: {td_steps: 7, augmentation: false}
      - name: a-first
    budget: {training_steps: 90, stop_at_step: 60, goal: 450.5}
    evaluation: {every: 30, episodes: 3}
    """

  @Test func aFileKeepsItsOrderAndReadsBackFromItsOwnText() throws {
    let experiment = try Experiment(yaml: Self.text)
    #expect(experiment.preset == .tinyCartpole && experiment.games == ["cartpole"] && experiment.seeds == [3, 1])
    #expect(experiment.variants.map(\.name) == ["b-second", "a-first"])
    #expect(experiment.variants[0].settings == [.init("td_steps", "7"), .init("augmentation", "false")])
    #expect(experiment.stopRule == StopRule(trainingStep: 60, wallMinutes: nil, goalReturn: 450.5))
    #expect(experiment.trainingSteps == 90 && experiment.evaluationEvery == 30 && experiment.evaluationEpisodes == 3)
    #expect(try Experiment(yaml: experiment.yaml) == experiment)
  }

  /// Shared settings, budget, schedule, then the variant's keys; the log interval follows an
  /// evaluation interval it does not divide (evaluations run on progress lines).
  @Test func aRunsSettingsComeInOrderAndItsCommandCanContinueIt() throws {
    let experiment = try Experiment(yaml: Self.text)
    #expect(
      experiment.settingItems(variant: experiment.variants[0]) == [
        "threads=1", "log_interval=20", "training_steps=90", "evaluation_interval=30", "log_interval=30", "evaluation_episodes=3",
        "td_steps=7", "augmentation=false",
      ])
    let config = try experiment.configuration(game: "cartpole", variant: experiment.variants[0], seed: 3).config
    #expect(config.logInterval == 30 && config.targets.tdSteps == 7 && config.seed == 3 && config.trainingSteps == 90)
    let plan = ExperimentPlan(experiment: experiment, output: URL(fileURLWithPath: "/tmp/x"), threads: 2)
    #expect(plan.runs.map(\.label) == ["cartpole / b-second / seed 3", "cartpole / b-second / seed 1", "cartpole / a-first / seed 3", "cartpole / a-first / seed 1"])
    let arguments = plan.runs[0].arguments
    #expect(arguments.starts(with: ["train", "--preset", "tiny-cartpole", "--game", "cartpole", "--seed", "3", "--run-dir", "/tmp/x/cartpole/b-second/seed3", "--resume-existing"]))
    #expect(Array(arguments.suffix(6)) == ["--stop-at-step", "60", "--stop-at-return", "450.5", "--threads", "2"])
  }

  /// The experiment files shipped in experiments/ read and plan with this version's keys.
  @Test func theShippedExperimentFilesAreValid() throws {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("experiments")
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }
    #expect(files.count >= 3)
    for file in files {
      let experiment = try Experiment(path: folder.appendingPathComponent(file).path)
      try experiment.validate()
    }
  }

  @Test func mistakesAreNamed() {
    let cases: [(String, String)] = [
      (Self.text.replacingOccurrences(of: "td_steps: 7", with: "td_step: 7"), "unknown config key 'td_step'"),
      (Self.text.replacingOccurrences(of: "name: a-first", with: "name: b-second"), "two variants share a name"),
      (Self.text.replacingOccurrences(of: "name: a-first", with: "name: ../up"), "cannot name a folder"),
      (Self.text.replacingOccurrences(of: "stop_at_step: 60", with: "stop_at_step: 0"), "stop step must be >= 1"),
      (Self.text.replacingOccurrences(of: "every: 30", with: "every: x"), "evaluation.every must be an integer"),
      (Self.text.replacingOccurrences(of: "seeds: [3, 1]", with: "seeds: [-1]"), "non-negative integers"),
      ("preset: cartpole\n", "seeds: is required"),
    ]
    for (text, message) in cases {
      #expect(throws: ConfigError.self, "\(message)") { try Experiment(yaml: text) }
      do { _ = try Experiment(yaml: text) } catch { #expect("\(error)".contains(message), "\(error)") }
    }
  }

  /// Two seeds of one variant finished (100 and 200: 150 ± 50), the other variant's missing; the
  /// chart averages the seeds at each training step.
  @Test func theReportAveragesSeedsAndListsMissingRuns() throws {
    let output = FileManager.default.temporaryDirectory.appendingPathComponent("experiment-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: output) }
    let experiment = try Experiment(yaml: Self.text)
    let plan = ExperimentPlan(experiment: experiment, output: output)
    for (seed, final) in [(UInt64(3), 100.0), (1, 200.0)] {
      let directory = ExperimentPlan.runDirectory(output, game: "cartpole", variant: "a-first", seed: seed)
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      try EvaluationReport(environment: "cartpole", trainingStep: 60, environmentSteps: 600, seedOffset: 0, returns: [final, final])
        .write(into: directory)
      try (ScalarCSV.header + "\n30,\(MetricTag.environmentSteps),\(seed == 3 ? 300 : 500),0\n30,\(MetricTag.evaluationMean),\(final / 10),0\n")
        .write(to: directory.appendingPathComponent(ScalarLog.csvFileName), atomically: true, encoding: .utf8)
    }
    let report = try ExperimentReport(plan: plan)
    #expect(report.missing.map(\.label) == ["cartpole / b-second / seed 3", "cartpole / b-second / seed 1"])
    let row = report.markdown.split(separator: "\n").first { $0.hasPrefix("| a-first") }
    #expect(row == "| a-first | - | 150.0 ± 50.0 (2 of 2) | 3: 100.0, 1: 200.0 | - |", "\(report.markdown)")
    #expect(report.markdown.contains("- cartpole / b-second / seed 1"))
    let series = try report.chart(game: "cartpole").series.first { $0.name.hasPrefix("a-first") }
    #expect(series?.points == [.init(x: 400, y: 15), .init(x: 600, y: 150)])
    #expect(series?.spread.count == 2)

    // The last interval's moves: the largest share and the prior's entropy.
    let seed3 = ExperimentPlan.runDirectory(output, game: "cartpole", variant: "a-first", seed: 3)
    try (ScalarCSV.header + "\n20,\(MetricTag.actionShare(0)),0.5,0\n20,\(MetricTag.priorEntropy),0.6,0\n"
      + "40,\(MetricTag.actionShare(0)),0.1,0\n40,\(MetricTag.actionShare(1)),0.9,0\n40,\(MetricTag.priorEntropy),0.2,0\n")
      .write(to: seed3.appendingPathComponent(ScalarLog.csvFileName), atomically: true, encoding: .utf8)
    let moves = try #require(try ExperimentReport.lastMoves(of: seed3))
    #expect(moves.topAction == 1 && moves.topShare == 0.9 && moves.entropy == 0.2)
    #expect(try ExperimentReport(plan: plan).markdown.contains("| 90% (a1), 0.20 |"))

    // Wall time: a finished run as it is, an unfinished one marked so.
    let running = ExperimentPlan.runDirectory(output, game: "cartpole", variant: "b-second", seed: 1)
    try FileManager.default.createDirectory(at: running, withIntermediateDirectories: true)
    for directory in [seed3, running] {
      try (ScalarCSV.header + "\n10,\(MetricTag.intervalSeconds),90,0\n")
        .write(to: directory.appendingPathComponent(ScalarLog.csvFileName), atomically: true, encoding: .utf8)
    }
    let markdown = try ExperimentReport(plan: plan).markdown
    #expect(markdown.contains("- cartpole / a-first / seed 3: 2 min:"), "\(markdown)")
    #expect(markdown.contains("- cartpole / b-second / seed 1 (in progress): 2 min:"), "\(markdown)")
  }

  /// A peer's curve.csv under peers/<game>/<name>/ joins the game's chart; a malformed one is named.
  @Test func peerCurvesJoinTheChart() throws {
    let output = FileManager.default.temporaryDirectory.appendingPathComponent("experiment-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: output) }
    let plan = ExperimentPlan(experiment: try Experiment(yaml: Self.text), output: output)
    #expect(try PeerCurve.all(output: output, game: "cartpole").isEmpty)
    let folder = output.appendingPathComponent("peers/cartpole/lightzero")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try "agent_steps,return_mean,return_std,episodes,train_iter\n403,9.5,1,2,22\n0,2,0,2,0\n"
      .write(to: folder.appendingPathComponent("curve.csv"), atomically: true, encoding: .utf8)
    let peer = try ExperimentReport(plan: plan).chart(game: "cartpole").series.first { $0.name == "lightzero (peer)" }
    #expect(peer?.points == [.init(x: 0, y: 2), .init(x: 403, y: 9.5)])
    try "agent_steps,return_mean\n10,x\n".write(to: folder.appendingPathComponent("curve.csv"), atomically: true, encoding: .utf8)
    #expect(throws: ConfigError.self) { try PeerCurve.all(output: output, game: "cartpole") }
  }
}
