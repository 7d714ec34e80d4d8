import CMuJoCo

/// What differs between tasks: how an episode starts and what is rewarded, as dm_control's
/// `suite/<domain>.py` defines them. Object ids are looked up once, by name.
protocol DMControlTaskDefinition {
  init(simulation: MuJoCoSimulation) throws
  /// Sets the initial state after MuJoCo's reset, drawing in dm_control's order from `random`.
  func initializeEpisode(_ simulation: MuJoCoSimulation, random: inout NumPyRandomState) throws
  /// The reward of the current state (after a control step).
  func reward(_ simulation: MuJoCoSimulation) -> Double
}

extension DMControlTask {
  func makeDefinition(_ simulation: MuJoCoSimulation) throws -> any DMControlTaskDefinition {
    switch self {
    case .cartpoleSwingup: try CartpoleSwingup(simulation: simulation)
    case .reacherEasy: try ReacherEasy(simulation: simulation)
    case .ballInCupCatch: try BallInCupCatch(simulation: simulation)
    }
  }
}

/// dm_control's `randomize_limited_and_rotational_joints` for the joint types these models have:
/// limited hinges and slides uniform in their range, unlimited hinges uniform in [-pi, pi], in joint order.
func randomizeLimitedAndRotationalJoints(_ simulation: MuJoCoSimulation, random: inout NumPyRandomState) {
  let qpos = simulation.qpos
  let ranges = simulation.field(CMJ_JNT_RANGE)
  for id in 0..<Int(simulation.sizes.njnt) {
    let joint = simulation.joint(id)
    let isHinge = joint.type == 3, isSlide = joint.type == 2
    let address = Int(joint.qpos_address)
    if joint.limited != 0 {
      if isHinge || isSlide { qpos[address] = random.uniform(ranges[2 * id], ranges[2 * id + 1]) }
    } else if isHinge {
      qpos[address] = random.uniform(-Double.pi, Double.pi)
    }
  }
}
