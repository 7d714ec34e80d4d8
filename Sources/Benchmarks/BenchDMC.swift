import ArgumentParser
import Environments
import Foundation
import Metrics

/// Speed of the DMControl tasks: physics alone, rendering alone, and whole agent steps (physics,
/// rewards, one frame, stacking), with dm_control's render settings and with cheaper ones.
struct BenchDMC: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "dmc",
    abstract: "Benchmark DMControl env steps/s and frames/s per task, default vs fast render settings.")

  @Option(help: "Tasks, comma-separated (any names DMControlTask accepts).")
  var tasks = DMControlTask.allCases.map(\.name).joined(separator: ",")

  @Option(help: "Agent steps per measurement.")
  var steps = 200

  @Option(help: "Measurements per figure; the median is reported.")
  var repeats = 3

  func run() throws {
    let chosen = try tasks.split(separator: ",").map { try DMControlTask.named(String($0)) }
    print("MuJoCo \(MuJoCoSimulation.version), OSMesa (llvmpipe), 84x84 camera 0, \(steps) agent steps x \(repeats), "
      + "median of repeats, wall time")
    print("env steps = control steps (the 100k budget counts these); frames = rendered 84x84 images")
    let settings: [(String, DMControlRendering)] = [
      ("dm_control (2048 shadows, 4x MSAA, 640x480)", .dmControl),
      ("compact buffer (84x84)", .compactBuffer),
      ("fast (1024 shadows, no MSAA, 84x84)", .fast),
      ("no shadows (no MSAA, 84x84)", { var r = DMControlRendering.fast; r.shadowMapSize = 0; return r }()),
    ]
    for task in chosen {
      print(task.name + ":")
      let physicsRate = try median(repeats: repeats) { try physicsSteps(task) }
      print(row("physics only", physicsRate, "env steps/s"))
      let reference = try frameAfterSteps(task, rendering: .dmControl)
      for (label, rendering) in settings {
        let frames = try median(repeats: repeats) { try renderedFrames(task, rendering: rendering) }
        let agent = try median(repeats: repeats) { try agentSteps(task, rendering: rendering) }
        let differing = zip(reference, try frameAfterSteps(task, rendering: rendering)).filter { $0 != $1 }.count
        print(row("render only, \(label)", frames, "frames/s"))
        print(row("agent steps, \(label)", agent, "agent steps/s",
                  note: "= \(Int((agent * Double(config(rendering).actionRepeat ?? task.defaultActionRepeat)).rounded())) env steps/s; \(differing) bytes of a frame differ from dm_control's"))
      }
    }
  }

  // MARK: Measurements

  private func config(_ rendering: DMControlRendering) -> DMControlConfig {
    var config = DMControlConfig.pixels
    config.rendering = rendering
    return config
  }

  /// Control steps of the physics with rewards, no rendering.
  private func physicsSteps(_ task: DMControlTask) throws -> Double {
    let env = try DMControl(task: task, config: config(.fast))
    let physics = env.physics
    try physics.startEpisode(seed: 1)
    var random = SeededRandom(seed: 1)
    let count = steps * env.actionRepeat
    let ctrl = physics.simulation.ctrl
    var done = 0
    return try wallRate(count) {
      for _ in 0..<count {
        env.actions.controls(for: random.uniform(in: 0...(env.actionSpace.count - 1)), into: ctrl)
        _ = try physics.controlStep()
        done += 1
        if Double(done) >= env.controlStepLimit {
          try physics.startEpisode(seed: nil)
          done = 0
        }
      }
    }
  }

  /// Frames of one state, rendered again and again.
  private func renderedFrames(_ task: DMControlTask, rendering: DMControlRendering) throws -> Double {
    let env = try DMControl(task: task, config: config(rendering))
    _ = try env.reset(seed: 1)
    let image = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: env.renderer.imageByteCount)
    defer { image.deallocate() }
    try env.renderer.render(into: image)  // warm-up: the first frame compiles shaders
    return try wallRate(steps) {
      for _ in 0..<steps { try env.renderer.render(into: image) }
    }
  }

  /// Whole agent steps per second with random actions, resetting at episode ends.
  private func agentSteps(_ task: DMControlTask, rendering: DMControlRendering) throws -> Double {
    let env = try DMControl(task: task, config: config(rendering))
    let observation = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: env.observationSpec.count)
    defer { observation.deallocate() }
    _ = try env.reset(seed: 1, into: observation)
    var random = SeededRandom(seed: 1)
    let last = env.actionSpace.count - 1
    return try wallRate(steps) {
      for _ in 0..<steps {
        if try env.step(random.uniform(in: 0...last), into: observation).done {
          _ = try env.reset(seed: nil, into: observation)
        }
      }
    }
  }

  /// The frame after 10 agent steps of a fixed pattern, to compare render settings.
  private func frameAfterSteps(_ task: DMControlTask, rendering: DMControlRendering) throws -> [UInt8] {
    let env = try DMControl(task: task, config: config(rendering))
    _ = try env.reset(seed: 1)
    for t in 0..<10 { _ = try env.step((7 * t + 3) % env.actionSpace.count) }
    return try env.renderImage()
  }

  // MARK: Plumbing

  private func row(_ label: String, _ value: Double, _ unit: String, note: String = "") -> String {
    return "  " + pad(label, 58) + pad(String(Int(value.rounded())), 8, right: true) + " " + pad(unit, 14) + note
  }
}
