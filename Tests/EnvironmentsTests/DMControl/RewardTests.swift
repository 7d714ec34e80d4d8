import CMuJoCo
import Foundation
import Testing

@testable import Environments

/// Rewards of states set by hand, against values worked out by hand from dm_control's definitions.
/// With value_at_margin 0.1, the gaussian tolerance at distance d (in margins) is 0.1^(d^2).
// A time limit turns an environment that hangs into a failure.
@Suite(.timeLimit(.minutes(20))) struct DMControlRewardTests {
  /// Sets positions, velocities and controls, then recomputes what depends on them.
  private func place(_ physics: DMControlPhysics, qpos: [Double], qvel: [Double]? = nil, ctrl: [Double]? = nil) throws {
    let simulation = physics.simulation
    try simulation.reset()
    for (i, value) in qpos.enumerated() { simulation.qpos[i] = value }
    for (i, value) in (qvel ?? []).enumerated() { simulation.qvel[i] = value }
    for (i, value) in (ctrl ?? []).enumerated() { simulation.ctrl[i] = value }
    try simulation.forward()
  }

  @Test func toleranceMatchesItsDefinition() {
    #expect(Tolerance.value(0.3, bounds: (0, 0.5)) == 1)
    #expect(Tolerance.value(0.6, bounds: (0, 0.5)) == 0, "no margin: a hard indicator")
    #expect(abs(Tolerance.value(2, margin: 2) - 0.1) < 1e-15, "value_at_margin at the margin")
    #expect(abs(Tolerance.value(-3, bounds: (-1, 1), margin: 4) - pow(0.1, 0.25)) < 1e-15)
    #expect(abs(Tolerance.value(0.5, margin: 1, sigmoid: .quadratic, valueAtMargin: 0) - 0.75) < 1e-15)
    #expect(Tolerance.value(1, margin: 1, sigmoid: .quadratic, valueAtMargin: 0) == 0)
  }

  @Test func cartpoleRewardsUprightCentredCalmStates() throws {
    let physics = try physics(.cartpoleSwingup)
    try place(physics, qpos: [0, 0], qvel: [0, 0], ctrl: [0])
    #expect(abs(physics.reward - 1) < 1e-12, "upright, centred, still, no control")

    try place(physics, qpos: [0, Double.pi], qvel: [0, 0], ctrl: [0])
    #expect(abs(physics.reward) < 1e-12, "hanging down: upright = (cos + 1) / 2 = 0")

    // Pole horizontal, cart 1 m out, control 0.5, pole turning at 2 rad/s:
    // upright 0.5; centred (1 + 0.1^(1/2)^2) / 2; small control (4 + 1 - 0.5^2) / 5;
    // small velocity (1 + 0.1^(2/5)^2) / 2.
    try place(physics, qpos: [1, Double.pi / 2], qvel: [0, 2], ctrl: [0.5])
    let expected = 0.5 * ((4 + 0.75) / 5) * ((1 + pow(0.1, 0.16)) / 2) * ((1 + pow(0.1, 0.25)) / 2)
    #expect(abs(physics.reward - expected) < 1e-12)
    #expect(abs(expected - 0.31388) < 1e-5)

    // Controls at or past the margin take the whole control factor down to 4/5; velocities count either way.
    try place(physics, qpos: [0, 0], qvel: [0, -5], ctrl: [-1])
    #expect(abs(physics.reward - 0.8 * 0.55) < 1e-12)
  }

  @Test func reacherRewardsTheFingerWithinTheTarget() throws {
    let physics = try physics(.reacherEasy)
    let simulation = physics.simulation
    let target = try simulation.id(of: CMJ_GEOM, named: "target")
    // Straight arm along x: the finger sits at 0.12 + 0.12 = 0.24. Radii: target 0.05 + finger 0.01.
    func reward(targetAt x: Double, _ y: Double) throws -> Double {
      let position = simulation.row(CMJ_GEOM_POS, target, width: 3)
      position[0] = x
      position[1] = y
      try place(physics, qpos: [0, 0])
      return physics.reward
    }
    #expect(try reward(targetAt: 0.24, 0) == 1)
    #expect(try reward(targetAt: 0.24, 0.0599) == 1)
    #expect(try reward(targetAt: 0.24 - 0.0599, 0) == 1)
    #expect(try reward(targetAt: 0.24, 0.0601) == 0)
    #expect(try reward(targetAt: 0, 0.2) == 0)
    // Bent arm: shoulder 90 degrees, wrist -90: finger at (0.12, 0.12).
    let position = simulation.row(CMJ_GEOM_POS, target, width: 3)
    (position[0], position[1]) = (0.12, 0.12 + 0.055)
    try place(physics, qpos: [Double.pi / 2, -Double.pi / 2])
    #expect(physics.reward == 1)
    position[1] = 0.12 + 0.065
    try place(physics, qpos: [Double.pi / 2, -Double.pi / 2])
    #expect(physics.reward == 0)
  }

  @Test func ballInCupRewardsTheBallInsideTheCup() throws {
    let physics = try physics(.ballInCupCatch)
    // The cup's target box is centred 0.05 below the cup body at height 0.6 (0.55), half-size 0.05;
    // the ball body hangs from (0, 0.2), radius 0.025: inside while |dx| and |dz| < 0.025.
    try place(physics, qpos: [0, 0, 0, 0.35])
    #expect(physics.reward == 1)
    try place(physics, qpos: [0, 0, 0.024, 0.35 + 0.024])
    #expect(physics.reward == 1)
    try place(physics, qpos: [0, 0, 0.026, 0.35])
    #expect(physics.reward == 0)
    try place(physics, qpos: [0, 0, 0, 0.35 - 0.026])
    #expect(physics.reward == 0)
    // The cup moved (slides x 0.1, z -0.05): the target moves with it.
    try place(physics, qpos: [0.1, -0.05, 0.1, 0.3])
    #expect(physics.reward == 1)
    try place(physics, qpos: [0.1, -0.05, 0, 0.3])
    #expect(physics.reward == 0)
  }
}
