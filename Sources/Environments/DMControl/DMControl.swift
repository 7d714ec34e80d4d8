import Foundation

/// A DeepMind Control Suite task from pixels, as in EfficientZero's DMControl 100k benchmark.
///
/// The physics is dm_control 1.0.50's, step for step: its model files, physics steps per control
/// step, legacy stepping, initial-state draws (NumPy's generator, so seed `s` starts as dm_control's
/// `random=s` does), rewards and time limit, with no early termination. On top, the pixel protocol of
/// `DMControlConfig` and EfficientZero's discrete actions (`DMControlActionGrid`).
/// Observations are `UInt8`, channel-first RGB frames, `stackedFrames` deep, oldest first.
/// A class because it owns a MuJoCo simulation and a GL context; use it from one thread at a time.
public final class DMControl: Environment {
  public typealias Scalar = UInt8

  public let task: DMControlTask
  public let config: DMControlConfig
  public let observationSpec: ObservationSpec
  public let actionSpace: ActionSpace
  public let actions: DMControlActionGrid
  /// Control steps per agent step.
  public let actionRepeat: Int
  /// Control steps per episode (dm_control keeps its limit as a float and compares the same way).
  public let controlStepLimit: Double

  package let physics: DMControlPhysics
  package let renderer: MuJoCoRenderer
  private var stack: FrameStack
  /// The last rendered image, height x width x 3, before it goes channel-first onto the stack.
  private var image: [UInt8]

  private var controlSteps = 0
  private var agentSteps = 0
  private var score = 0.0
  private var episodeEnded = true

  /// A task by any name `DMControlTask.named` accepts, its model from `assetDirectory`
  /// (default: `DMControlAssets.defaultDirectory()`).
  public convenience init(task name: String, config: DMControlConfig = .pixels, seed: UInt64 = 0,
                          assetDirectory: URL? = nil) throws {
    try self.init(task: try DMControlTask.named(name), config: config, seed: seed, assetDirectory: assetDirectory)
  }

  public init(task: DMControlTask, config: DMControlConfig = .pixels, seed: UInt64 = 0,
              assetDirectory: URL? = nil) throws {
    try config.validate()
    self.task = task
    self.config = config
    let physics = try DMControlPhysics(task: task, assetDirectory: assetDirectory, seed: seed)
    self.physics = physics
    renderer = try MuJoCoRenderer(simulation: physics.simulation, settings: config.rendering)
    controlStepLimit = config.maxControlSteps.map(Double.init) ?? physics.timeLimitInControlSteps
    actionRepeat = config.actionRepeat ?? task.defaultActionRepeat

    actions = DMControlActionGrid(actuatorsOf: physics.simulation, valuesPerDimension: config.actionValuesPerDimension)
    actionSpace = ActionSpace(names: actions.names)

    let (height, width) = (config.rendering.height, config.rendering.width)
    observationSpec = ObservationSpec(
      shape: [3 * config.stackedFrames, height, width], scalar: .uint8, stackedFrames: config.stackedFrames)
    stack = FrameStack(frameCount: 3 * height * width, depth: config.stackedFrames)
    image = [UInt8](repeating: 0, count: 3 * height * width)
  }

  /// Physics steps per control step.
  public var physicsStepsPerControlStep: Int { physics.physicsStepsPerControlStep }

  /// Agent steps per episode.
  public var maxEpisodeSteps: Int { Int((controlStepLimit / Double(actionRepeat)).rounded(.up)) }

  // MARK: Environment

  public func reset(seed: UInt64?, into observation: UnsafeMutableBufferPointer<UInt8>) throws -> StepInfo {
    try checkBuffer(observation)
    episodeEnded = true
    try physics.startEpisode(seed: seed)
    controlSteps = 0
    agentSteps = 0
    score = 0
    try pushFrame()
    stack.fillWithNewest()
    stack.write(into: observation)
    episodeEnded = false
    return StepInfo()
  }

  public func step(_ action: Int, into observation: UnsafeMutableBufferPointer<UInt8>) throws -> StepResult {
    guard !episodeEnded else { throw EnvironmentError.resetRequired }
    try actionSpace.validate(action)
    try checkBuffer(observation)
    var reward = 0.0
    var truncated = false
    for _ in 0..<actionRepeat {
      // As dm_control, the controls are set before every control step.
      actions.controls(for: action, into: physics.simulation.ctrl)
      do {
        reward += try physics.controlStep()
      } catch {
        episodeEnded = true
        throw error
      }
      controlSteps += 1
      if Double(controlSteps) >= controlStepLimit {
        truncated = true
        break
      }
    }
    agentSteps += 1
    score += reward
    episodeEnded = truncated
    try pushFrame()
    stack.write(into: observation)
    return StepResult(
      reward: reward, terminated: false, truncated: truncated,
      info: StepInfo(rawReward: reward, gameScore: score, gameSteps: agentSteps))
  }

  // MARK: Snapshots

  public func snapshot() throws -> [UInt8]? {
    var out = SnapshotBytes()
    out.put(owner: task.name)
    try physics.save(into: &out)
    stack.save(into: &out)
    out.put(controlSteps)
    out.put(agentSteps)
    out.put(score)
    out.put(episodeEnded)
    return out.bytes
  }

  public func restore(snapshot: [UInt8]) throws {
    var input = SnapshotBytes(snapshot)
    try input.take(owner: task.name)
    try physics.restore(from: &input)
    var restoredStack = stack
    try restoredStack.restore(from: &input)
    let control: Int = try input.take()
    let agent: Int = try input.take()
    let savedScore: Double = try input.take()
    let ended: Bool = try input.take()
    try input.finish()
    stack = restoredStack
    (controlSteps, agentSteps, score, episodeEnded) = (control, agent, savedScore, ended)
  }

  // MARK: Frames

  /// The current state drawn as the observations draw it: height x width x 3, top row first.
  public func renderImage() throws -> [UInt8] { try renderer.render() }

  /// Renders the current state onto the frame stack, channel-first.
  private func pushFrame() throws {
    try image.withUnsafeMutableBufferPointer { try renderer.render(into: $0) }
    let pixels = config.rendering.height * config.rendering.width
    image.withUnsafeBufferPointer { source in
      stack.withNextFrame { frame in
        for channel in 0..<3 {
          var from = channel
          for to in channel * pixels..<(channel + 1) * pixels {
            frame[to] = source[from]
            from += 3
          }
        }
      }
    }
    stack.commit()
  }

  private func checkBuffer(_ observation: UnsafeMutableBufferPointer<UInt8>) throws {
    guard observation.count >= observationSpec.count else {
      throw EnvironmentError.observationBufferTooSmall(needed: observationSpec.count, got: observation.count)
    }
  }
}
