import Foundation

/// Runs an experiment's plan through a launcher: plays the random policy once per game, skips the
/// finished runs, hands the others to the launcher, and writes the report (also of a partial sweep,
/// which then lists what is missing). Calling it again continues the sweep.
public struct ExperimentRunner {
  public let plan: ExperimentPlan
  /// The experiment file's text, copied into the output folder (nil: not copied).
  public let fileText: String?

  public init(plan: ExperimentPlan, fileText: String? = nil) {
    self.plan = plan
    self.fileText = fileText
  }

  public struct Events {
    public var skipped: (PlannedRun, EvaluationReport) -> Void = { _, _ in }
    public var randomPolicy: (_ game: String, EvaluationReport) -> Void = { _, _ in }
    public var launch = LaunchEvents()
    public init() {}
  }

  public func run(launcher: Launcher, events: Events, shouldStop: @escaping () -> Bool) throws -> (LaunchSummary, ExperimentReport) {
    try FileManager.default.createDirectory(at: plan.output, withIntermediateDirectories: true)
    if let fileText {
      try fileText.write(to: plan.output.appendingPathComponent(ExperimentPlan.copyFileName), atomically: true, encoding: .utf8)
    }
    for game in plan.experiment.games { events.randomPolicy(game, try randomPolicy(game: game)) }
    var pending: [PlannedRun] = []
    for run in plan.runs {
      if case .finished(let report) = try RunState(directory: run.directory) {
        events.skipped(run, report)
      } else {
        pending.append(run)
      }
    }
    let summary = try launcher.launch(pending, events: events.launch, shouldStop: shouldStop)
    let report = try ExperimentReport(plan: plan)
    try report.write()
    return (summary, report)
  }

  /// The game's random-policy report, played once and kept in the output folder.
  func randomPolicy(game: String) throws -> EvaluationReport {
    let file = plan.randomPolicyFile(game: game)
    if let saved = try EvaluationReport.read(from: file.deletingLastPathComponent(), name: file.lastPathComponent) { return saved }
    let variant = plan.experiment.variants[0]
    let config = try plan.experiment.configuration(game: game, variant: variant, seed: plan.experiment.seeds[0]).config
    let report = try RandomPolicyBaseline.report(for: config)
    try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try report.write(into: file.deletingLastPathComponent(), name: file.lastPathComponent, summary: false)
    return report
  }
}
