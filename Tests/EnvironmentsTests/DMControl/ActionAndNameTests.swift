import Foundation
import Testing

@testable import Environments

@Suite struct DMControlActionTests {
  @Test func eachDimensionTakesFiveValues() throws {
    let counts = try DMControlTask.allCases.map { try DMControl(task: $0, config: fast).actionSpace.count }
    #expect(counts == [5, 25, 25])
    let cartpole = try DMControl(task: .cartpoleSwingup, config: fast)
    #expect(cartpole.actions.values == [[-1, -0.5, 0, 0.5, 1]])
    #expect(cartpole.actionSpace.names == ["slide=-1", "slide=-0.5", "slide=0", "slide=+0.5", "slide=+1"])
  }

  @Test func theFirstDimensionVariesSlowest() throws {
    let reacher = try DMControl(task: .reacherEasy, config: fast)
    #expect(reacher.actions.controls(for: 0) == [-1, -1])
    #expect(reacher.actions.controls(for: 1) == [-1, -0.5])
    #expect(reacher.actions.controls(for: 7) == [-0.5, 0])
    #expect(reacher.actions.controls(for: 24) == [1, 1])
    #expect(reacher.actionSpace.names[7] == "shoulder=-0.5,wrist=0")
    let cup = try DMControl(task: .ballInCupCatch, config: fast)
    #expect(cup.actionSpace.names[23] == "x=+1,z=+0.5")
  }

  @Test func otherGridsAndRanges() {
    let grid = DMControlActionGrid(ranges: [(0, 2), (-3, 3)], valuesPerDimension: 3, labels: ["a", "b"])
    #expect(grid.count == 9)
    #expect(grid.values == [[0, 1, 2], [-3, 0, 3]])
    #expect(grid.controls(for: 5) == [1, 3])
  }

  private var fast: DMControlConfig {
    var config = DMControlConfig.pixels
    config.rendering = .fast
    return config
  }
}

@Suite struct DMControlNameTests {
  @Test func namesAsUsersTypeThem() throws {
    #expect(try DMControlTask.named("cartpole-swingup") == .cartpoleSwingup)
    #expect(try DMControlTask.named("dmc:reacher-easy") == .reacherEasy)
    #expect(try DMControlTask.named("ball_in_cup-catch") == .ballInCupCatch)
    #expect(try DMControlTask.named("ball-in-cup-catch") == .ballInCupCatch)
    #expect(try DMControlTask.named(" DMC:Cartpole_Swingup ") == .cartpoleSwingup)
    #expect(DMControlTask.isTaskName("reacher_easy"))
    #expect(!DMControlTask.isTaskName("cartpole"))
  }

  @Test func unknownNamesListTheKnownOnes() {
    #expect(throws: DMControlError.unknownTask("cartpole-balance", known: ["cartpole-swingup", "reacher-easy", "ball_in_cup-catch"])) {
      try DMControlTask.named("cartpole-balance")
    }
    let message = DMControlError.unknownTask("walker-walk", known: DMControlTask.allCases.map(\.name)).description
    #expect(message == "unknown DMControl task 'walker-walk'; known tasks: cartpole-swingup, reacher-easy, ball_in_cup-catch")
  }
}

/// Failures come back as errors with MuJoCo's or the GL's reason, never as a crash.
@Suite struct DMControlFailureTests {
  @Test func aBrokenModelFileIsAnError() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dmc-broken-\(getpid())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try "<mujoco><worldbody><geom type='sphere'/></worldbody".write(
      to: folder.appendingPathComponent("cartpole.xml"), atomically: true, encoding: .utf8)
    do {
      _ = try DMControl(task: .cartpoleSwingup, assetDirectory: folder)
      Issue.record("a broken model loaded")
    } catch DMControlError.model(let message) {
      #expect(message.contains("cartpole.xml"))
    }
    #expect(throws: DMControlError.assetsNotFound(path: folder.path + "/reacher.xml")) {
      _ = try DMControl(task: .reacherEasy, assetDirectory: folder)
    }
  }

  @Test func aModelWithoutTheTasksObjectsIsAnError() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dmc-empty-\(getpid())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try "<mujoco><worldbody><geom type='sphere' size='.1'/></worldbody></mujoco>".write(
      to: folder.appendingPathComponent("reacher.xml"), atomically: true, encoding: .utf8)
    #expect(throws: DMControlError.model("the model has no geom named 'target'")) {
      _ = try DMControl(task: .reacherEasy, assetDirectory: folder)
    }
  }

  @Test func aDivergingSimulationIsAnError() throws {
    let physics = try physics(.cartpoleSwingup)
    try physics.startEpisode(seed: 0)
    physics.simulation.qvel[1] = .nan
    do {
      _ = try physics.controlStep([0])
      Issue.record("a NaN velocity went unnoticed")
    } catch DMControlError.physics(let message) {
      #expect(message.contains("invalid physics state"), "\(message)")
    }
  }

  @Test func impossibleRenderSettingsAreErrors() throws {
    var config = DMControlConfig.pixels
    config.rendering.camera = 7
    #expect(throws: DMControlError.rendering("camera 7 does not exist (the model has 2)")) {
      _ = try DMControl(task: .cartpoleSwingup, config: config)
    }
    config.rendering.camera = 0
    config.rendering.width = 1000
    #expect(throws: DMControlError.rendering("image 1000x84 exceeds the offscreen buffer 640x480")) {
      _ = try DMControl(task: .cartpoleSwingup, config: config)
    }
    config.rendering.width = 0
    #expect(throws: EnvironmentError.self) { _ = try DMControl(task: .cartpoleSwingup, config: config) }
  }
}
