import ArgumentParser
import EfficientZero
import Environments
import Foundation
import Metrics
import Torch

/// Time per training iteration of Atari presets on this machine, split by phase, beside the floor:
/// the network passes that one iteration needs, timed as bare calls in the same run.
struct BenchPipeline: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "pipeline", abstract: "Atari training iterations (self-play, reanalyze, learner) vs their network floor.")

  @Option(help: "Atari game.")
  var game = "Breakout"
  @Option(help: "Presets to measure, one after the other (atari100k, atari-cpu, muzero).")
  var preset: [String] = ["atari100k", "atari-cpu"]
  @Option(help: "Batch sizes (default: 256 and 32 for atari100k, the preset's own otherwise).")
  var batch: [Int] = []
  @Option(name: .customLong("set"), help: ArgumentHelp("Override a config field (repeatable).", valueName: "key=value"))
  var overrides: [String] = []
  @Option(help: "Timed iterations per batch size (median printed).")
  var repeats = 5
  @Option(help: "Untimed warm-up iterations.")
  var warmup = 1
  @Option(help: "Random moves put in replay before timing (more moves, fewer shared positions per batch).")
  var replayMoves = 20_000
  @Option(help: "libtorch threads (default: the number of cores).")
  var threads = ProcessInfo.processInfo.activeProcessorCount
  @Option(help: "Where the networks run: cpu, cuda or cuda:N (replay and search stay on the CPU).")
  var device = "cpu"
  @Option(help: "Also time a peer implementation in the same run: lightzero (LightZero 0.2.0's EfficientZero, installed into the dependency cache on first use), with root_value on and off on both sides.")
  var peer: String?

  func validate() throws {
    guard repeats >= 1, warmup >= 0, threads >= 1, batch.allSatisfy({ $0 >= 1 }) else {
      throw ValidationError("--repeats, --batch and --threads must be >= 1; --warmup >= 0")
    }
    if let peer, peer != "lightzero" { throw ValidationError("--peer: the one peer is lightzero") }
    if peer != nil && preset != ["atari100k"] {
      throw ValidationError("--peer times the paper's setting: use it with --preset atari100k alone")
    }
  }

  func run() throws {
    for name in preset {
      let p = try Preset.named(name)
      var config = p.config
      try RunConfiguration.apply(overrides + ["device=\(device)"], to: &config)
      let sizes = !batch.isEmpty ? batch : (p == .atari100k ? [256, 32] : [config.batchSize])
      for b in sizes {
        guard peer != nil else {
          _ = try measure(name, config, batch: b)
          continue
        }
        try compareWithLightZero(name, config, batch: b)
      }
    }
    print(String(format: "peak RSS: %.2f GB", Double(peakResidentKilobytes()) / 1_048_576))
    print(
      "targets: iteration <= \(BenchmarkTargets.pipelineOverFloorRatio)x its floor; < \(Int(BenchmarkTargets.pipelineSecondsAtBatch256)) s "
        + "at batch 256 with the full reanalysis; self-play >= \(Int(BenchmarkTargets.selfPlayStepsPerSecond)) env steps/s")
  }

  /// The figures of one measured configuration (seconds, medians).
  struct Figures {
    var selfPlay: Double
    var reanalyze: Double
    var learner: Double
    var iteration: Double { selfPlay + reanalyze + learner }
  }

  /// Ours and LightZero's EfficientZero, each with root_value on (the paper) and off (LightZero's and
  /// the authors' released runs), at the same batch, simulations and threads, one after the other.
  private func compareWithLightZero(_ presetName: String, _ preset: TrainingConfig, batch: Int) throws {
    let lightZero = try LightZeroPeer.prepare(threads: threads, repeats: repeats, warmup: warmup)
    var rows: [[String]] = [["root_value", "implementation", "self-play s/step", "reanalyse s", "learner s", "iteration s", "ours / peer"]]
    for rootValue in [true, false] {
      var config = preset
      try config.set("root_value", to: "\(rootValue)")
      let ours = try measure(presetName, config, batch: batch)
      guard let theirs = lightZero.measure(game: game, batch: batch, simulations: config.search.simulations, rootValue: rootValue)
      else {
        print("LightZero did not run: \(lightZero.unavailableReason ?? "unknown reason")")
        return
      }
      let label = "\(rootValue)"
      rows.append([label, "ours"] + Self.cells(ours) + [String(format: "%.2f", ours.iteration / theirs.figures.iteration)])
      rows.append([label, "LightZero 0.2.0 (torch \(theirs.torchVersion))"] + Self.cells(theirs.figures) + [""])
      print(String(format: "LightZero peak RSS: %.2f GB", theirs.peakGigabytes))
    }
    print("\n\(presetName), \(game), batch \(batch), \(preset.search.simulations) simulations, \(threads) thread(s), median of \(repeats):")
    print(columns(rows), terminator: "")
    print(
      "targets: iteration <= \(BenchmarkTargets.peerRatioWithoutRootValue)x LightZero's with root_value=false, "
        + "<= \(BenchmarkTargets.peerRatioWithRootValue)x with root_value=true")
  }

  private static func cells(_ f: Figures) -> [String] {
    [f.selfPlay, f.reanalyze, f.learner, f.iteration].map { String(format: "%.2f", $0) }
  }

  @discardableResult
  private func measure(_ presetName: String, _ preset: TrainingConfig, batch: Int) throws -> Figures {
    var config = preset
    config.environment = game
    config.batchSize = batch
    config.threads = threads
    // A replay of realistic size, so that a batch's positions rarely overlap (as late in a run).
    config.startTransitions = replayMoves
    // Room to collect that replay and the timed iterations' moves, whatever the preset's budget.
    config.maxEnvironmentSteps = max(config.maxEnvironmentSteps, 2 * replayMoves)
    config.evaluationEpisodes = 0
    let environment = try EnvironmentChoice(name: game)
    try environment.adapt(&config)
    let trainer = try Trainer(
      config: config, makeTrainingEnvironment: { _ in try environment.makeAtari(config, evaluation: false) },
      makeEvaluationEnvironment: { _ in try environment.makeAtari(config, evaluation: true) })
    try trainer.warmUp()
    for _ in 0..<warmup { _ = try trainer.timedIteration() }
    var runs: [(phases: PhaseTimes, searchedPositions: Int, valueOnlyPositions: Int)] = []
    for _ in 0..<repeats { runs.append(try trainer.timedIteration()) }
    func median(_ f: (PhaseTimes) -> Double) -> Double { Benchmarks.median(runs.map { f($0.phases) }) }
    let selfPlay = median(\.selfPlay), reanalyze = median(\.reanalyze), learn = median(\.learner)
    let total = median { $0.selfPlay + $0.reanalyze + $0.learner }
    let searched = runs.map(\.searchedPositions).sorted()[runs.count / 2]
    let valueOnly = runs.map(\.valueOnlyPositions).sorted()[runs.count / 2]

    // The floor: the same passes as bare calls.
    let net = trainer.learner.target
    net.eval()
    let sims = config.search.simulations
    let chunk = min(config.reanalyzeChunk, searched)
    let inputShape: [Int]
    switch config.network.observation {
    case .image(_, let h, let w): inputShape = [config.network.inputChannels, h, w]
    case .vector: throw ValidationError("bench pipeline measures image presets")
    }
    let obs = try Tensor.randint(0, 256, [chunk] + inputShape, dtype: .uint8)
    let initial = try medianSeconds { _ = try net.initialInference(obs) } * Double(searched + valueOnly) / Double(chunk)
    let root = try net.initialInference(obs)
    let actions = (0..<chunk).map { $0 % config.network.actionCount }
    let recurrent = try medianSeconds {
      _ = try net.recurrentInference(root.latent, actions: actions, rewardState: root.rewardState)
    } * Double(sims) * Double(searched) / Double(chunk)
    let one = try Tensor.randint(0, 256, [1] + inputShape, dtype: .uint8)
    let oneRoot = try net.initialInference(one)
    let selfPlayFloor = try medianSeconds { _ = try net.initialInference(one) }
      + Double(sims) * (try medianSeconds { _ = try net.recurrentInference(oneRoot.latent, actions: [0], rewardState: oneRoot.rewardState) })
    let learnerFloor = learn  // the learner step is itself the bare forward + backward + SGD
    let floor = selfPlayFloor + initial + recurrent + learnerFloor

    print(
      "\(presetName): \(game), batch \(batch), \(sims) simulations, \(threads) thread(s) on \(config.device); median of \(repeats) iterations"
        + (config.reanalyzeReuse ? " (reanalyze_reuse on: consecutive iterations, replay of \(replayMoves) moves)" : ""))
    print(pad("phase", 46) + pad("seconds", 10) + "floor (bare network passes)")
    print(pad("self-play (1 env step)", 46) + pad(String(format: "%.2f", selfPlay), 10) + String(format: "%.2f", selfPlayFloor))
    print(
      pad("reanalyze (\(searched) searched" + (valueOnly > 0 ? ", \(valueOnly) valued" : "") + ")", 46) + pad(String(format: "%.2f", reanalyze), 10)
        + String(format: "%.2f (initial %.2f + recurrent %.2f)", initial + recurrent, initial, recurrent))
    print(pad("learner (fwd + bwd + SGD, unroll 5)", 46) + pad(String(format: "%.2f", learn), 10) + String(format: "%.2f", learnerFloor))
    print(pad("iteration", 46) + pad(String(format: "%.2f", total), 10) + String(format: "%.2f  (ratio %.2f)", floor, total / floor))
    print(String(format: "self-play: %.1f env steps/s", 1 / max(selfPlay, 1e-9)))
    try checkpointTiming(trainer)
    return Figures(selfPlay: selfPlay, reanalyze: reanalyze, learner: learn)
  }

  private func medianSeconds(_ body: () throws -> Void) throws -> Double {
    try medianMilliseconds(repeats: 3, warmup: 1, body) / 1000
  }

  /// Writes and verifies a checkpoint of the trainer (replay included) and prints its size and times.
  private func checkpointTiming<Env>(_ trainer: Trainer<Env>) throws {
    let run = FileManager.default.temporaryDirectory.appendingPathComponent("ezero-bench-checkpoint-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: run) }
    try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
    let directory = CheckpointDirectory(runDirectory: run)
    let clock = ContinuousClock()
    let begin = clock.now
    try trainer.saveCheckpoint(to: directory, configFile: "")
    let written = clock.now
    let manifest = try CheckpointDirectory.verify(directory.current)
    let verified = clock.now
    let megabytes = Double(manifest.files.reduce(0) { $0 + $1.bytes }) / 1_048_576
    print(
      String(
        format: "checkpoint (%d replay moves): %.0f MB written in %.2f s, verified (CRC-32C) in %.2f s",
        trainer.replay.moveCount, megabytes, (written - begin).seconds, (verified - written).seconds))
  }
}

/// Peak resident set size of this process (VmHWM), in kilobytes.
func peakResidentKilobytes() -> Int {
  guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
  for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
    return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
  }
  return 0
}
