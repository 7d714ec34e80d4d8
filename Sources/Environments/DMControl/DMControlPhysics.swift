import CMuJoCo
import Foundation

/// A task's physics without pixels: dm_control's `control.Environment` less its observations.
/// Episodes start as dm_control starts them and each control step returns dm_control's reward.
///
/// A class because it owns a MuJoCo simulation; use it from one thread at a time.
package final class DMControlPhysics {
  package let task: DMControlTask
  package let simulation: MuJoCoSimulation
  /// Physics steps per control step.
  package let physicsStepsPerControlStep: Int
  /// dm_control's episode length in control steps: its time limit over the control time step.
  package let timeLimitInControlSteps: Double
  private let definition: any DMControlTaskDefinition
  private var random: NumPyRandomState

  package init(task: DMControlTask, assetDirectory: URL? = nil, seed: UInt64 = 0) throws {
    self.task = task
    let directory = assetDirectory ?? DMControlAssets.defaultDirectory()
    let simulation = try MuJoCoSimulation(xmlPath: try DMControlAssets.model(domain: task.domain, in: directory).path)
    self.simulation = simulation
    definition = try task.makeDefinition(simulation)
    random = NumPyRandomState(seed: seed)
    let timestep = simulation.timestep
    physicsStepsPerControlStep = task.controlTimestep.map { Int(($0 / timestep).rounded()) } ?? 1
    timeLimitInControlSteps = task.timeLimit / (timestep * Double(physicsStepsPerControlStep))
  }

  /// dm_control's reset: MuJoCo's reset, the task's initial state, a forward pass. A seed restarts
  /// the random stream (as `random=seed` would); `nil` continues it.
  package func startEpisode(seed: UInt64?) throws {
    if let seed { random = NumPyRandomState(seed: seed) }
    try simulation.reset()
    try definition.initializeEpisode(simulation, random: &random)
    try simulation.forward()
  }

  /// Sets the controls, runs one control step and returns its reward.
  package func controlStep(_ controls: [Double]) throws -> Double {
    let ctrl = simulation.ctrl
    for i in 0..<min(ctrl.count, controls.count) { ctrl[i] = controls[i] }
    return try controlStep()
  }

  /// One control step with the controls already in `simulation.ctrl`; returns its reward.
  package func controlStep() throws -> Double {
    try simulation.step(physicsStepsPerControlStep)
    return definition.reward(simulation)
  }

  /// Simulation state and random stream, for snapshots. Tasks also randomise the model's geoms
  /// (reacher's target), so their positions and sizes are saved too.
  package func save(into out: inout SnapshotBytes) throws {
    out.put(array: Array(simulation.field(CMJ_GEOM_POS)))
    out.put(array: Array(simulation.field(CMJ_GEOM_SIZE)))
    out.put(array: try simulation.state())
    random.save(into: &out)
  }

  package func restore(from input: inout SnapshotBytes) throws {
    let positions: [Double] = try input.takeArray()
    let sizes: [Double] = try input.takeArray()
    let state: [Double] = try input.takeArray()
    var restored = random
    try restored.restore(from: &input)
    let (geomPositions, geomSizes) = (simulation.field(CMJ_GEOM_POS), simulation.field(CMJ_GEOM_SIZE))
    guard positions.count == geomPositions.count, sizes.count == geomSizes.count else {
      throw EnvironmentError.invalidConfiguration("the snapshot's model does not fit this task")
    }
    _ = geomPositions.update(fromContentsOf: positions)
    _ = geomSizes.update(fromContentsOf: sizes)
    try simulation.setState(state)
    random = restored
  }

  /// The reward of the current state.
  package var reward: Double { definition.reward(simulation) }
}
