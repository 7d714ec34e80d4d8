import CMuJoCo
import Foundation
import Testing

@testable import Environments

/// Initial states: dm_control's draws for the same seeds, and the ranges its tasks draw from.
// A time limit turns an environment that hangs into a failure.
@Suite(.timeLimit(.minutes(20))) struct DMControlResetTests {
  @Test(arguments: DMControlTask.allCases)
  func startsAreDMControlsForTheSameSeed(task: DMControlTask) throws {
    let reference = try #require(Reference.all[task.name])
    let physics = try physics(task)
    for (seed, start) in reference.starts.enumerated() {
      try physics.startEpisode(seed: UInt64(seed))
      let simulation = physics.simulation
      #expect(zip(Array(simulation.qpos), start.qpos).allSatisfy { abs($0 - $1) <= 1e-12 }, "qpos, seed \(seed)")
      #expect(zip(Array(simulation.qvel), start.qvel).allSatisfy { abs($0 - $1) <= 1e-12 }, "qvel, seed \(seed)")
      if let target = start.target {
        let id = try simulation.id(of: CMJ_GEOM, named: "target")
        let position = simulation.row(CMJ_GEOM_POS, id, width: 3)
        #expect(abs(position[0] - target[0]) <= 1e-12 && abs(position[1] - target[1]) <= 1e-12, "target, seed \(seed)")
      }
    }
  }

  @Test func cartpoleStartsHangingDownWithSmallNoise() throws {
    let physics = try physics(.cartpoleSwingup)
    var sliders: [Double] = [], velocities: [Double] = []
    for seed in 0..<300 {
      try physics.startEpisode(seed: UInt64(seed))
      let qpos = physics.simulation.qpos, qvel = physics.simulation.qvel
      sliders.append(qpos[0])
      velocities.append(contentsOf: qvel)
      // 0.01 N(0, 1): beyond 6 standard deviations would be a wrong scale.
      #expect(abs(qpos[0]) < 0.06 && abs(qpos[1] - Double.pi) < 0.06 && qvel.allSatisfy { abs($0) < 0.06 })
    }
    let mean = sliders.reduce(0, +) / 300
    let deviation = (sliders.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 299).squareRoot()
    #expect(abs(mean) < 0.002 && abs(deviation - 0.01) < 0.002)
    #expect(abs(velocities.reduce(0, +) / 600) < 0.002)
  }

  @Test func reacherDrawsJointsAndTargetInTheirRanges() throws {
    let physics = try physics(.reacherEasy)
    let simulation = physics.simulation
    let target = try simulation.id(of: CMJ_GEOM, named: "target")
    var shoulders: [Double] = [], radii: [Double] = []
    let wristLimit = 160 * Double.pi / 180
    for seed in 0..<300 {
      try physics.startEpisode(seed: UInt64(seed))
      let qpos = simulation.qpos
      shoulders.append(qpos[0])
      #expect(abs(qpos[0]) <= Double.pi && abs(qpos[1]) <= wristLimit + 1e-12)
      let position = simulation.row(CMJ_GEOM_POS, target, width: 3)
      let radius = (position[0] * position[0] + position[1] * position[1]).squareRoot()
      radii.append(radius)
      #expect(radius >= 0.05 - 1e-12 && radius <= 0.20 + 1e-12)
      #expect(simulation.row(CMJ_GEOM_SIZE, target, width: 3)[0] == 0.05)
      #expect(simulation.qvel.allSatisfy { $0 == 0 })
    }
    // Uniform draws spread over their whole range.
    #expect(shoulders.min()! < -2.8 && shoulders.max()! > 2.8)
    #expect(radii.min()! < 0.06 && radii.max()! > 0.19)
  }

  @Test func ballStartsInItsBoxTouchingNothing() throws {
    let physics = try physics(.ballInCupCatch)
    let simulation = physics.simulation
    var xs: [Double] = [], zs: [Double] = []
    for seed in 0..<300 {
      try physics.startEpisode(seed: UInt64(seed))
      let qpos = simulation.qpos
      xs.append(qpos[2])
      zs.append(qpos[3])
      #expect(qpos[0] == 0 && qpos[1] == 0, "the cup starts at rest in place")
      #expect(abs(qpos[2]) <= 0.2 && qpos[3] >= 0.2 && qpos[3] <= 0.5)
      #expect(simulation.contactCount == 0, "seed \(seed) starts in contact")
    }
    #expect(xs.min()! < -0.18 && xs.max()! > 0.18 && zs.min()! < 0.22 && zs.max()! > 0.48)
  }

  @Test func aNilSeedContinuesTheStreamAndASeedRestartsIt() throws {
    let physics = try physics(.reacherEasy, seed: 3)
    try physics.startEpisode(seed: nil)
    let first = Array(physics.simulation.qpos)
    try physics.startEpisode(seed: nil)
    let second = Array(physics.simulation.qpos)
    try physics.startEpisode(seed: 3)
    #expect(first != second)
    #expect(Array(physics.simulation.qpos) == first, "the construction seed is the stream's seed")
  }
}

/// NumPy's legacy generator, draw for draw (values printed by numpy 2.4.6's RandomState).
@Suite struct NumPyRandomStateTests {
  @Test func matchesNumPysRandomState() {
    var random = NumPyRandomState(seed: 0)
    #expect(random.randomSample() == 0.5488135039273248)
    #expect(random.uniform(-2, 3) == 1.5759468318620975)
    #expect(random.gaussian() == 0.9787379841057392)
    #expect(random.gaussian() == 2.240893199201458)
    #expect(random.gaussian() == 1.8675579901499675)
    var widest = NumPyRandomState(seed: 4_294_967_295)
    #expect(widest.randomSample() == 0.0976320289940138)
  }

  @Test func matchesAfterManyDrawsAndForWideSeeds() {
    var random = NumPyRandomState(seed: 3)
    var last = 0.0
    for _ in 0..<1001 { last = random.gaussian() }
    #expect(last == 0.03468126349311669)
    #expect(random.randomSample() == 0.48997704568910005)
    // Seeds past 32 bits are NumPy's array seeding of [low word, high word].
    var wide = NumPyRandomState(seed: 5 + 256 << 32)
    #expect(wide.randomSample() == 0.5043802970418443)
  }
}
