import CMuJoCo

/// Cartpole swing-up: the pole starts hanging down; the smooth reward favours it upright, the cart
/// centred, small controls and a slow pole.
struct CartpoleSwingup: DMControlTaskDefinition {
  let slider: Int
  let hinge: Int
  let pole: Int

  init(simulation: MuJoCoSimulation) throws {
    slider = Int(simulation.joint(try simulation.id(of: CMJ_JOINT, named: "slider")).qpos_address)
    hinge = Int(simulation.joint(try simulation.id(of: CMJ_JOINT, named: "hinge_1")).qpos_address)
    pole = try simulation.id(of: CMJ_BODY, named: "pole_1")
  }

  func initializeEpisode(_ simulation: MuJoCoSimulation, random: inout NumPyRandomState) throws {
    let qpos = simulation.qpos, qvel = simulation.qvel
    qpos[slider] = 0.01 * random.gaussian()
    qpos[hinge] = Double.pi + 0.01 * random.gaussian()
    for i in 0..<qvel.count { qvel[i] = 0.01 * random.gaussian() }
  }

  func reward(_ simulation: MuJoCoSimulation) -> Double {
    let poleCosine = simulation.row(CMJ_XMAT, pole, width: 9)[8]  // the pole's z axis, vertical component
    let upright = (poleCosine + 1) / 2
    let centered = (1 + Tolerance.value(simulation.qpos[slider], margin: 2)) / 2
    let control = Tolerance.value(simulation.ctrl[0], margin: 1, sigmoid: .quadratic, valueAtMargin: 0)
    let smallControl = (4 + control) / 5
    let smallVelocity = (1 + Tolerance.value(simulation.qvel[1], margin: 5)) / 2
    return upright * smallControl * smallVelocity * centered
  }
}
