import ArgumentParser
import EfficientZero
import Foundation

/// `ezero experiment`: experiments as data (an experiment file), run and reported.
struct ExperimentCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "experiment",
    abstract: "Run an experiment file (every game x variant x seed) and report it.",
    subcommands: [ExperimentRun.self, ExperimentReportCommand.self])
}

struct ExperimentRun: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Train every (game, variant, seed) of an experiment file, then write report.md and one chart per game.",
    discussion: """
      The experiment file (YAML) names a preset, games, seeds, variants (each a set of config keys), a budget
      and an evaluation schedule:

        question: Which settings let the cartpole preset learn on every seed?
        preset: cartpole
        seeds: [0, 1, 2]
        variants:
          - name: preset
          - name: unroll
            settings: {head_batch_norm: unroll}
        budget: {training_steps: 3000}       # and/or stop_at_step, minutes, goal
        evaluation: {every: 250, episodes: 10}

      Each run trains into <output>/<game>/<variant>/seed<S> as an `ezero train` process of its own (its output
      in train.log there), --jobs at a time. The sweep is resumable: a finished run (evaluation.json) is skipped,
      a stopped or killed one continues from its checkpoint, so running the same command again continues it.
      Ctrl-C stops the running ones after their checkpoints. The random policy is played once per game in the
      same harness. <output>/report.md and <output>/<game>.svg are written at the end, also for a partial sweep.

      \(ExitStatus.table)
      """)

  @Argument(help: "Experiment file (YAML).")
  var file: String
  @Option(help: "Folder of the runs, the report and the charts (default: runs/experiments/<file name>).")
  var output: String?
  @Option(help: "Runs at once on this machine.")
  var jobs = 1
  @Option(help: "libtorch threads per run (default: the preset's).")
  var threads: Int?
  @Option(help: "Where the runs happen: local (this machine) or ray (a Ray cluster's Jobs API).")
  var launcher: LauncherKind = .local
  @Option(help: "ray: the cluster's dashboard address, e.g. http://127.0.0.1:8265 (a token in RAY_AUTH_TOKEN is sent as a bearer token).")
  var rayAddress: String?
  @Option(help: "ray: CPUs each run asks Ray for.")
  var cpusPerRun = 1.0
  @Option(help: "ray: GPUs each run asks Ray for.")
  var gpusPerRun = 0.0
  @Option(help: "ray: tries after the first for a run whose job fails or is lost (each continues from its checkpoint).")
  var maxRetries = 2
  @Option(help: "ray: the ezero executable on the nodes (default: this one's path).")
  var ezeroPath: String?

  enum LauncherKind: String, ExpressibleByArgument { case local, ray }

  func validate() throws {
    guard jobs >= 1 else { throw ValidationError("--jobs must be >= 1") }
    if let threads, threads < 0 { throw ValidationError("--threads must be >= 0") }
    guard cpusPerRun >= 0, gpusPerRun >= 0, maxRetries >= 0 else {
      throw ValidationError("--cpus-per-run, --gpus-per-run and --max-retries must be >= 0")
    }
    if launcher == .ray {
      guard let rayAddress, let url = URL(string: rayAddress), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
        throw ValidationError("--launcher ray needs --ray-address http://HOST:PORT (the cluster's dashboard)")
      }
    }
  }

  func run() throws {
    let experiment = try Experiment(path: file)
    let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
    let folder = URL(fileURLWithPath: output ?? "runs/experiments/\(name)").standardizedFileURL
    let text = try String(contentsOfFile: file, encoding: .utf8)
    let plan = ExperimentPlan(experiment: experiment, output: folder, threads: threads)
    var session = ExperimentSession(plan: plan, fileText: text, jobs: jobs)
    if launcher == .ray, let rayAddress, let address = URL(string: rayAddress) {
      let ray = RayLauncher(
        client: RayJobsClient(address: address), executable: ezeroPath ?? ExperimentSession.executable.path,
        cpusPerRun: cpusPerRun, gpusPerRun: gpusPerRun, maxRetries: maxRetries)
      print("Ray \(try ray.client.version()) at \(address); checking that the nodes see \(folder.path)")
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      try ray.checkSharedStorage(folder)
      session.launcher = ray
    }
    try session.run()
  }
}

struct ExperimentReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Write report.md and the charts of an experiment's output folder (finished runs so far; the missing ones listed).")

  @Argument(help: "The experiment's output folder (it holds experiment.yaml).")
  var output: String

  func run() throws {
    let folder = URL(fileURLWithPath: output)
    let copy = folder.appendingPathComponent(ExperimentPlan.copyFileName)
    guard FileManager.default.fileExists(atPath: copy.path) else {
      throw MissingInput("\(folder.path) holds no \(ExperimentPlan.copyFileName); is it an experiment's output folder?")
    }
    let report = try ExperimentReport(plan: ExperimentPlan(experiment: try Experiment(path: copy.path), output: folder))
    try report.write()
    print(report.markdown, terminator: "")
  }
}

/// Prints a sweep as the runner reports it; Ctrl-C stops the running runs after their checkpoints.
struct ExperimentSession {
  let plan: ExperimentPlan
  let fileText: String?
  let jobs: Int
  /// Where the runs happen (nil: this machine, `jobs` at a time).
  var launcher: (any Launcher)?

  init(plan: ExperimentPlan, fileText: String?, jobs: Int) {
    self.plan = plan
    self.fileText = fileText
    self.jobs = jobs
  }

  /// The `ezero` executable of this process, which each run is started as.
  static var executable: URL { URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath() }

  func run() throws {
    let stop = StopSignal {
      print("\nstopping: the running runs write their checkpoints and exit (a second Ctrl-C quits at once)")
    }
    defer { stop.release() }
    var events = ExperimentRunner.Events()
    events.randomPolicy = { game, report in
      print("\(game): random policy \(String(format: "%.2f", report.mean)) over \(report.returns.count) episodes")
    }
    events.skipped = { run, report in print("\(run.label): finished (\(String(format: "%.1f", report.mean))), skipped") }
    events.launch.started = { run in print("\(run.label): started; log \(RunLog.url(of: run).path)") }
    events.launch.finished = { run, report in print("\(run.label): final evaluation \(String(format: "%.1f", report.mean))") }
    events.launch.stopped = { run in
      if case .partial(let step) = (try? RunState(directory: run.directory)) ?? .notStarted {
        print("\(run.label): stopped; it continues from its checkpoint at training step \(step)")
      } else {
        print("\(run.label): stopped before its first checkpoint; it starts again from the beginning")
      }
    }
    events.launch.failed = { run, status, tail in print("\(run.label): failed (exit \(status)); end of its log:\n\(tail)") }
    events.launch.retried = { run, attempt, reason in print("\(run.label): try \(attempt), continuing from its checkpoint (\(reason))") }
    events.launch.table = { print($0) }
    let chosen = launcher ?? LocalLauncher(executable: Self.executable, jobs: jobs)
    print("\(plan.runs.count) runs into \(plan.output.path)" + (launcher == nil ? ", \(jobs) at a time" : " on the cluster"))
    let (summary, report) = try ExperimentRunner(plan: plan, fileText: fileText).run(
      launcher: chosen, events: events, shouldStop: { stop.isRequested })
    print("")
    print(report.markdown, terminator: "")
    print("\nreport: \(plan.output.appendingPathComponent(ExperimentReport.fileName).path)")
    if !summary.stopped.isEmpty || !summary.notStarted.isEmpty {
      print("stopped: run the same command again to continue (\(report.missing.count) runs missing)")
      if launcher != nil { print("(the stopped Ray jobs have ended; nothing of this sweep is left running on the cluster)") }
    }
    if !summary.failed.isEmpty {
      throw ExperimentFailed(runs: summary.failed.map(\.label))
    }
  }
}

struct ExperimentFailed: Error, CustomStringConvertible {
  let runs: [String]
  var description: String { "\(runs.count) run(s) failed: \(runs.joined(separator: "; ")); their logs are train.log in their folders" }
}
