import CMuJoCo

/// Ball in cup, catch: the ball starts at a random point below the cup's reach (redrawn until it
/// touches nothing); reward 1 while it is inside the cup.
struct BallInCupCatch: DMControlTaskDefinition {
  let ballX: Int
  let ballZ: Int
  let ballBody: Int
  let ballGeom: Int
  let target: Int

  init(simulation: MuJoCoSimulation) throws {
    ballX = Int(simulation.joint(try simulation.id(of: CMJ_JOINT, named: "ball_x")).qpos_address)
    ballZ = Int(simulation.joint(try simulation.id(of: CMJ_JOINT, named: "ball_z")).qpos_address)
    ballBody = try simulation.id(of: CMJ_BODY, named: "ball")
    ballGeom = try simulation.id(of: CMJ_GEOM, named: "ball")
    target = try simulation.id(of: CMJ_SITE, named: "target")
  }

  func initializeEpisode(_ simulation: MuJoCoSimulation, random: inout NumPyRandomState) throws {
    let qpos = simulation.qpos
    repeat {
      qpos[ballX] = random.uniform(-0.2, 0.2)
      qpos[ballZ] = random.uniform(0.2, 0.5)
      try simulation.forward()
    } while simulation.contactCount > 0
  }

  func reward(_ simulation: MuJoCoSimulation) -> Double {
    let targetPosition = simulation.row(CMJ_SITE_XPOS, target, width: 3)
    let ball = simulation.row(CMJ_XPOS, ballBody, width: 3)
    let targetSize = simulation.row(CMJ_SITE_SIZE, target, width: 3)
    let ballSize = simulation.row(CMJ_GEOM_SIZE, ballGeom, width: 3)[0]
    let inX = abs(targetPosition[0] - ball[0]) < targetSize[0] - ballSize
    let inZ = abs(targetPosition[2] - ball[2]) < targetSize[2] - ballSize
    return inX && inZ ? 1 : 0
  }
}
