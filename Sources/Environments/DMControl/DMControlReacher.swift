import Foundation
import CMuJoCo

/// Reacher easy: a two-link arm starts at random joint angles, the target at a random point of the
/// arena; reward 1 while the finger touches the 5 cm target.
struct ReacherEasy: DMControlTaskDefinition {
  static let targetSize = 0.05
  let target: Int
  let finger: Int

  init(simulation: MuJoCoSimulation) throws {
    target = try simulation.id(of: CMJ_GEOM, named: "target")
    finger = try simulation.id(of: CMJ_GEOM, named: "finger")
  }

  func initializeEpisode(_ simulation: MuJoCoSimulation, random: inout NumPyRandomState) throws {
    simulation.row(CMJ_GEOM_SIZE, target, width: 3)[0] = Self.targetSize
    randomizeLimitedAndRotationalJoints(simulation, random: &random)
    let angle = random.uniform(0, 2 * Double.pi)
    let radius = random.uniform(0.05, 0.20)
    let position = simulation.row(CMJ_GEOM_POS, target, width: 3)
    position[0] = radius * sin(angle)
    position[1] = radius * cos(angle)
  }

  func reward(_ simulation: MuJoCoSimulation) -> Double {
    let sizes = simulation.field(CMJ_GEOM_SIZE)
    let radii = sizes[3 * target] + sizes[3 * finger]
    let targetPosition = simulation.row(CMJ_GEOM_XPOS, target, width: 3)
    let fingerPosition = simulation.row(CMJ_GEOM_XPOS, finger, width: 3)
    let dx = targetPosition[0] - fingerPosition[0], dy = targetPosition[1] - fingerPosition[1]
    return Tolerance.value((dx * dx + dy * dy).squareRoot(), bounds: (0, radii))
  }
}
