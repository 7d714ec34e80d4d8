import ArgumentParser
import EfficientZero
import Environments
import Foundation
import Metrics
import Torch

/// Learning curves of a preset on its environment, per seed, beside a uniformly random policy played
/// in the same harness: the evaluation protocol every `--every` training steps, within a wall-time
/// budget, then SVG curves (vs environment steps and vs minutes) and a CSV in `--output`.
struct BenchLearning: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "learning",
    abstract: "Learning curves per seed (evaluation protocol) beside a random policy; time to a target return.",
    discussion: """
      Examples:
        ezero bench learning                                   # cartpole, seeds 0 1 2, target 475
        ezero bench learning --preset atari-cpu --game Breakout --minutes 60 --seeds 0 1 --every 1000
        ezero bench learning --preset dmc-cpu --game cartpole-swingup --minutes 60 --seeds 0
      Evaluations use the evaluation protocol (arg-max of visits, no noise, whole games without life
      loss, raw score), cut at evaluation_max_steps agent steps, as the periodic evaluations of a run.
      The wall time of a seed counts training and evaluations; both are reported.
      """)

  @Option(help: "Preset to train.")
  var preset = "cartpole"
  @Option(help: "Environment (default: the preset's).")
  var game: String?
  @Option(parsing: .upToNextOption, help: "Seeds to run, one after the other (--seeds 0 1 2).")
  var seeds: [UInt64] = [0, 1, 2]
  @Option(help: "Mean evaluation return that ends a seed's run early (default: 475 for cartpole, none otherwise).")
  var target: Double?
  @Option(help: "Evaluate every this many training steps.")
  var every = 250
  @Option(help: "Evaluation episodes per check.")
  var episodes = 10
  @Option(help: "Training steps at most (default: the preset's).")
  var maxSteps: Int?
  @Option(help: "Wall-clock minutes per seed at most (training and evaluations).")
  var minutes: Double?
  @Option(help: "Stop a seed after this many training steps, keeping the preset's schedules (unlike --max-steps): a budget that does not depend on the machine's speed.")
  var stopAtStep: Int?
  @Option(name: .customLong("set"), help: ArgumentHelp("Override a config field (repeatable).", valueName: "key=value"))
  var overrides: [String] = []
  @Option(help: "Directory for the curves (SVG) and the table (CSV, Markdown).")
  var output: String?

  func validate() throws {
    guard every >= 1, episodes >= 1, (maxSteps ?? 1) >= 1, (stopAtStep ?? 1) >= 1, (minutes ?? 1) > 0 else {
      throw ValidationError("--every, --episodes, --max-steps and --stop-at-step must be >= 1; --minutes > 0")
    }
  }

  func run() throws {
    guard let chosen = Preset(rawValue: preset) else {
      throw ValidationError("unknown preset '\(preset)'; presets: \(Preset.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    let goal = target ?? (chosen == .cartpole ? 475 : nil)
    var base = chosen.config
    if let game { base.environment = game }
    try RunConfiguration.apply(overrides, to: &base)
    if let maxSteps {
      try base.set("training_steps", to: "\(maxSteps)")
      base.maxEnvironmentSteps = max(
        base.maxEnvironmentSteps, Int((Double(maxSteps) * base.environmentStepsPerTrainingStep).rounded(.up)) + base.startTransitions)
    }
    base.evaluationEpisodes = episodes
    // Training lines every log_interval steps where it divides the evaluation interval.
    if every % base.logInterval != 0 { base.logInterval = every }
    let environment = try EnvironmentChoice(name: base.environment)
    try environment.adapt(&base)
    try base.validate()

    print(
      "\(preset) on \(base.environment): evaluation every \(every) training steps (\(episodes) episodes, arg-max, no noise, "
        + "cut at \(base.evaluationMaxSteps) agent steps)"
        + (minutes.map { String(format: ", %.0f min per seed", $0) } ?? "")
        + (stopAtStep.map { ", stopping at training step \($0)" } ?? "") + (goal.map { ", target \($0)" } ?? ""))
    let random = try environment.dispatch(base, RandomPolicyRun(episodes: episodes, maxSteps: base.evaluationMaxSteps, seed: 0))
    let randomMean = random.reduce(0, +) / Double(random.count)
    print(String(format: "uniformly random policy, same harness: mean %.2f over %d episodes", randomMean, random.count))

    var curves: [LearningCurve] = []
    for seed in seeds {
      var config = base
      config.seed = seed
      let curve = try environment.dispatch(
        config, LearningRun(config: config, every: every, goal: goal, wallLimit: minutes.map { $0 * 60 }, stepLimit: stopAtStep))
      curves.append(curve)
      print(curve.summary(seed: seed, goal: goal, random: randomMean))
    }
    print("summary (random policy: \(String(format: "%.2f", randomMean))):")
    for (seed, curve) in zip(seeds, curves) { print("  " + curve.summary(seed: seed, goal: goal, random: randomMean)) }
    let directory = URL(fileURLWithPath: output ?? "bench-learning/\(preset)-\(base.environment)")
    try writeReport(curves, randomMean: randomMean, config: base, to: directory)
    print("curves: \(directory.path)/return_vs_env_steps.svg, return_vs_minutes.svg, curves.csv")
  }

  private func writeReport(_ curves: [LearningCurve], randomMean: Double, config: TrainingConfig, to directory: URL) throws {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    func series(_ x: (LearningCurve.Point) -> Double) -> [(name: String, points: [(x: Double, y: Double)])] {
      var out: [(name: String, points: [(x: Double, y: Double)])] = zip(seeds, curves).map { seed, curve in
        ("seed \(seed)", curve.points.map { (x($0), $0.mean) })
      }
      let xs = curves.flatMap { $0.points.map(x) }
      out.append(("random policy", [(0, randomMean), (xs.max() ?? 1, randomMean)]))
      return out
    }
    let title = "\(preset): \(config.environment), evaluation mean return"
    try writeSVG(
      to: directory.appendingPathComponent("return_vs_env_steps.svg"), title: title, xLabel: "environment (agent) steps",
      yLabel: "mean return", series: series { Double($0.environmentSteps) })
    try writeSVG(
      to: directory.appendingPathComponent("return_vs_minutes.svg"), title: title, xLabel: "wall time (minutes)",
      yLabel: "mean return", series: series { $0.minutes })
    var csv = "seed,training_step,env_steps,minutes,eval_mean,eval_std,eval_seconds,random_mean\n"
    for (seed, curve) in zip(seeds, curves) {
      for p in curve.points {
        csv += "\(seed),\(p.trainingStep),\(p.environmentSteps),\(p.minutes),\(p.mean),\(p.std),\(p.evaluationSeconds),\(randomMean)\n"
      }
    }
    try csv.write(to: directory.appendingPathComponent("curves.csv"), atomically: true, encoding: .utf8)
  }
}

/// One seed's evaluations and where its time went.
struct LearningCurve {
  struct Point {
    var trainingStep: Int
    var environmentSteps: Int
    var minutes: Double
    var mean: Double
    var std: Double
    var evaluationSeconds: Double
  }
  var points: [Point] = []
  var reached: Point?
  var phases = PhaseTimes()
  var evaluationSeconds = 0.0
  var totalSeconds = 0.0

  func summary(seed: UInt64, goal: Double?, random: Double) -> String {
    let last = points.last
    var text = String(
      format: "seed %llu: final eval mean %.2f (random %.2f) at step %d, %d env steps, %.1f min", seed, last?.mean ?? .nan, random,
      last?.trainingStep ?? 0, last?.environmentSteps ?? 0, totalSeconds / 60)
    text += String(
      format: " [self-play %.1f, reanalyze %.1f, learner %.1f, evaluation %.1f min]", phases.selfPlay / 60,
      phases.reanalyze / 60, phases.learner / 60, evaluationSeconds / 60)
    if let goal {
      text += reached.map { String(format: "; reached %.1f >= %.0f after %d env steps, %.1f min", $0.mean, goal, $0.environmentSteps, $0.minutes) }
        ?? "; target \(goal) not reached"
    }
    return text
  }
}

/// Trains one seed, evaluating every `every` steps, until the preset's end, the goal or the wall limit.
struct LearningRun: EnvironmentVisitor {
  let config: TrainingConfig
  let every: Int
  let goal: Double?
  let wallLimit: Double?
  let stepLimit: Int?

  func visit<Env: Environment>(
    training: @escaping (Int) throws -> Env, evaluation: @escaping (Int) throws -> Env
  ) throws -> LearningCurve where Env.Scalar: TensorElement {
    let trainer = try Trainer(config: config, makeTrainingEnvironment: training, makeEvaluationEnvironment: evaluation)
    let clock = ContinuousClock()
    let start = clock.now
    func elapsed() -> Double { (clock.now - start).seconds }
    var curve = LearningCurve()
    func evaluate(step: Int, environmentSteps: Int) throws {
      let begin = clock.now
      let returns = try trainer.evaluatePeriodically()
      let evaluationSeconds = (clock.now - begin).seconds
      curve.evaluationSeconds += evaluationSeconds
      let mean = returns.reduce(0, +) / Double(returns.count)
      let std = (returns.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(returns.count)).squareRoot()
      let point = LearningCurve.Point(
        trainingStep: step, environmentSteps: environmentSteps, minutes: elapsed() / 60, mean: mean, std: std,
        evaluationSeconds: evaluationSeconds)
      curve.points.append(point)
      if let goal, mean >= goal, curve.reached == nil { curve.reached = point }
      print(
        String(
          format: "  seed %llu: step %d, env steps %d, %.1f min: eval mean %.2f (std %.2f, %.0f s)", config.seed, step,
          environmentSteps, point.minutes, mean, std, evaluationSeconds))
      fflush(nil)
    }
    var outOfTime: Bool { wallLimit.map { elapsed() >= $0 } ?? false }
    try trainer.run(
      until: stepLimit,
      progress: { p in
        curve.phases.selfPlay += p.phases.selfPlay
        curve.phases.reanalyze += p.phases.reanalyze
        curve.phases.learner += p.phases.learner
        let losses = p.losses.named.map { "\($0.name) \(String(format: "%.3f", $0.value))" }
        let recent = p.recentReturns.isEmpty ? "-" : String(format: "%.2f", p.recentReturns.reduce(0, +) / Double(p.recentReturns.count))
        print(
          "    step \(p.trainingStep): training return(last 10) \(recent), \(losses.joined(separator: ", ")), "
            + String(format: "value %.2f (target %.2f), ", p.valueMean, p.valueTargetMean)
            + String(
              format: "%.2f s/step (self-play %.2f, reanalyze %.2f, learner %.2f), %.1f min",
              p.intervalSeconds / Double(max(p.stepsInInterval, 1)), p.phases.selfPlay / Double(max(p.stepsInInterval, 1)),
              p.phases.reanalyze / Double(max(p.stepsInInterval, 1)), p.phases.learner / Double(max(p.stepsInInterval, 1)),
              elapsed() / 60))
        fflush(nil)
        if p.trainingStep % every == 0 { try evaluate(step: p.trainingStep, environmentSteps: p.environmentSteps) }
      },
      shouldStop: { curve.reached != nil || outOfTime })
    // The last evaluation is of the final network, wherever the run stopped.
    if curve.points.last?.trainingStep != trainer.trainingStep {
      try evaluate(step: trainer.trainingStep, environmentSteps: trainer.environmentSteps)
    }
    curve.totalSeconds = elapsed()
    return curve
  }
}

/// Returns of a uniformly random policy on the evaluation environments (seeds `seed ..< seed + episodes`).
struct RandomPolicyRun: EnvironmentVisitor {
  let episodes: Int
  let maxSteps: Int
  let seed: UInt64

  func visit<Env: Environment>(
    training: @escaping (Int) throws -> Env, evaluation: @escaping (Int) throws -> Env
  ) throws -> [Double] where Env.Scalar: TensorElement {
    try Evaluation.randomPolicy(episodes: episodes, seedOffset: seed, maxSteps: maxSteps, makeEnvironment: evaluation)
  }
}
