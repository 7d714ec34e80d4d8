import ArgumentParser
import Environments
import Foundation
import Metrics

/// Speed of the Atari stack: raw emulator frames, the same work done by hand, the full wrapper stack on
/// one core, and a vector of environments on worker threads.
struct BenchAtari: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "atari",
    abstract: "Benchmark ALE frames/s against full steps/s (the Atari 100k wrapper stack) and a vector env.")

  @Option(help: "Game to play (any name Atari accepts).")
  var game = "Breakout"

  @Option(help: "Steps per measurement.")
  var steps = 4_000

  @Option(help: "Measurements per figure; the median is reported.")
  var repeats = 3

  @Option(help: "Environments in the vector measurement.")
  var vectorEnvironments = 8

  @Option(help: "Worker threads in the vector measurement (the calling thread included).")
  var workers = 2

  private var frameSkip: Int { AtariConfig.training.frameSkip }

  func run() throws {
    print("ALE \(ALEEmulator.version), \(game), \(steps) steps x \(repeats), median of repeats")

    print("single-environment figures use this thread's CPU time (robust to other load); vector figures wall time")
    let raw = try median(repeats: repeats) { try rawFrames(count: steps * frameSkip) }
    print(row("raw act()", raw, "frames/s", note: "(one core)"))

    for colour in [AtariConfig.Colour.gray, .rgb] {
      let name = colour == .rgb ? "RGB" : "gray"
      // Alternated, so that a change in the machine's load hits both sides alike.
      var baselines = [Double](), wrappedRuns = [WrappedStepRate]()
      for _ in 0..<max(1, repeats) {
        baselines.append(try handWrittenSteps(colour: colour, count: steps))
        wrappedRuns.append(try wrappedSteps(colour: colour, count: steps))
      }
      let baseline = baselines.sorted()[baselines.count / 2]
      let wrapped = wrappedRuns.sorted { $0.stepsPerSecond < $1.stepsPerSecond }[wrappedRuns.count / 2]
      // Per emulated frame, so that the protocol's extra frames (no-op starts, the no-op step after a
      // lost life) count as emulation rather than as wrapper cost.
      let overhead = (baseline / wrapped.framesPerStepRatio / wrapped.stepsPerSecond - 1) * 100
      print(row("4 act() + 2 screen reads, \(name)", baseline, "steps/s"))
      print(row("Atari step (full wrapper stack), \(name)", wrapped.stepsPerSecond, "steps/s", note: "target >= \(Int(BenchmarkTargets.atariStepsPerSecond)) steps/s on one core"))
      print(line("wrapper overhead per frame, \(name)", String(format: "%.1f", overhead), "%", note: "target <= \(Int(BenchmarkTargets.atariWrapperOverheadPercent)) %"))
    }

    for workers in Array(Set([1, workers])).sorted() {
      let rate = try median(repeats: repeats) { try vectorSteps(environments: vectorEnvironments, workers: workers, count: steps) }
      print(row("vector env, \(vectorEnvironments) envs, \(workers) worker(s), RGB", rate, "steps/s"))
    }
  }

  // MARK: Measurements

  /// Emulator frames per second: random minimal-set actions, nothing else.
  private func rawFrames(count: Int) throws -> Double {
    let (emulator, actions) = try openEmulator()
    var random = SeededRandom(seed: 1)
    return try cpuRate(count) {
      for _ in 0..<count {
        _ = try emulator.act(actions[random.uniform(in: 0...(actions.count - 1))])
        if try emulator.isGameOver { try emulator.resetGame() }
      }
    }
  }

  /// The irreducible work of a step done by hand: 4 frames and the 2 screen reads to pool.
  private func handWrittenSteps(colour: AtariConfig.Colour, count: Int) throws -> Double {
    let (emulator, actions) = try openEmulator()
    let bytes = emulator.screenHeight * emulator.screenWidth * colour.channels
    let screens = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 2 * bytes)
    defer { screens.deallocate() }
    var random = SeededRandom(seed: 1)
    return try cpuRate(count) {
      for _ in 0..<count {
        let action = actions[random.uniform(in: 0...(actions.count - 1))]
        for frame in 0..<4 {
          _ = try emulator.act(action)
          if frame >= 2 {
            let target = UnsafeMutableBufferPointer(rebasing: screens[(frame - 2) * bytes..<(frame - 1) * bytes])
            if colour == .rgb { try emulator.screenRGB(into: target) } else { try emulator.screenGray(into: target) }
          }
        }
        if try emulator.isGameOver { try emulator.resetGame() }
      }
    }
  }

  /// Steps per second, and emulated frames per step relative to the hand-written loop's 4.
  private struct WrappedStepRate {
    var stepsPerSecond: Double
    var framesPerStepRatio: Double
  }

  /// Full steps of `Atari` with the training protocol, resetting when episodes end.
  private func wrappedSteps(colour: AtariConfig.Colour, count: Int) throws -> WrappedStepRate {
    var config = AtariConfig.training
    config.colour = colour
    let atari = try Atari(game: game, config: config)
    let observation = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: atari.observationSpec.count)
    defer { observation.deallocate() }
    _ = try atari.reset(seed: 1, into: observation)
    var random = SeededRandom(seed: 1)
    let last = atari.actionSpace.count - 1
    let framesBefore = atari.framesEmulated
    let stepsPerSecond = try cpuRate(count) {
      for _ in 0..<count {
        if try atari.step(random.uniform(in: 0...last), into: observation).done {
          _ = try atari.reset(seed: nil, into: observation)
        }
      }
    }
    let framesPerStep = Double(atari.framesEmulated - framesBefore) / Double(count)
    return WrappedStepRate(stepsPerSecond: stepsPerSecond, framesPerStepRatio: framesPerStep / Double(frameSkip))
  }

  /// Steps per second summed over a vector of environments.
  private func vectorSteps(environments: Int, workers: Int, count: Int) throws -> Double {
    let vector = try VectorEnvironment(count: environments, workers: workers) { _ in
      try Atari(game: game, config: .training)
    }
    try vector.reset(seeds: (0..<environments).map(UInt64.init))
    var random = SeededRandom(seed: 1)
    let last = vector.actionSpace.count - 1
    var actions = [Int](repeating: 0, count: environments)
    let batches = max(1, count / environments)
    return try wallRate(batches * environments) {
      for _ in 0..<batches {
        for i in 0..<environments { actions[i] = random.uniform(in: 0...last) }
        try vector.step(actions)
      }
    }
  }

  // MARK: Plumbing

  private func openEmulator() throws -> (ALEEmulator, [Int32]) {
    let rom = AtariROMs.file(for: try AtariGame.named(game).romName, in: AtariROMs.defaultDirectory())
    let emulator = try ALEEmulator()
    try emulator.set("repeat_action_probability", Float(0))
    try emulator.set("random_seed", 1)
    try emulator.load(rom: rom)
    return (emulator, try emulator.minimalActions())
  }

  private func row(_ label: String, _ value: Double, _ unit: String, note: String = "") -> String {
    line(label, String(Int(value.rounded())), unit, note: note)
  }

  private func line(_ label: String, _ value: String, _ unit: String, note: String) -> String {
    return "  " + pad(label, 44) + pad(value, 9, right: true) + " " + pad(unit, 9) + note
  }
}
