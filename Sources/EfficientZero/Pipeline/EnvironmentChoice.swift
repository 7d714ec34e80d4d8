import Environments
import Foundation
import Torch

/// The environment a configuration names, with the factories training and evaluation need.
public enum EnvironmentChoice {
  case cartPole
  case atari(game: AtariGame)
  case dmControl(task: DMControlTask)

  public init(name: String) throws {
    let lowered = name.lowercased()
    if lowered == "cartpole" || lowered == "cartpole-v1" {
      self = .cartPole
    } else if DMControlTask.isTaskName(name) {
      self = .dmControl(task: try DMControlTask.named(name))
    } else {
      self = .atari(game: try AtariGame.named(name))
    }
  }

  /// Fills the network's observation and action sizes from the environment's own specification.
  public func adapt(_ config: inout TrainingConfig) throws {
    switch self {
    case .cartPole:
      let env = CartPole()
      config.network.observation = .vector(features: env.observationSpec.count / env.observationSpec.stackedFrames)
      config.network.stackedFrames = env.observationSpec.stackedFrames
      config.network.actionCount = env.actionSpace.count
    case .atari(let game):
      let env = try Atari(game: game.romName, config: atariConfig(config, evaluation: false))
      Self.adaptImage(&config.network, spec: env.observationSpec, actionCount: env.actionSpace.count)
    case .dmControl(let task):
      let env = try DMControl(task: task, config: dmControlConfig(config))
      Self.adaptImage(&config.network, spec: env.observationSpec, actionCount: env.actionSpace.count)
    }
  }

  /// An image spec is [frame channels x stacked frames, height, width].
  static func adaptImage(_ network: inout NetworkConfig, spec: ObservationSpec, actionCount: Int) {
    network.observation = .image(
      channels: spec.shape[0] / spec.stackedFrames, height: spec.shape[1], width: spec.shape[2])
    network.stackedFrames = spec.stackedFrames
    network.actionCount = actionCount
  }

  func dmControlConfig(_ config: TrainingConfig) -> DMControlConfig {
    var c = DMControlConfig.pixels
    if config.fastRendering {
      c.rendering = .fast
      // The compact buffer is cut to the image.
      c.rendering.offscreenWidth = config.observationSize
      c.rendering.offscreenHeight = config.observationSize
    }
    c.rendering.width = config.observationSize
    c.rendering.height = config.observationSize
    return c
  }

  public func makeDMControl(_ config: TrainingConfig, seed: UInt64) throws -> DMControl {
    guard case .dmControl(let task) = self else { throw ConfigError("not a DMControl task") }
    return try DMControl(task: task, config: dmControlConfig(config), seed: seed)
  }

  func atariConfig(_ config: TrainingConfig, evaluation: Bool) -> AtariConfig {
    var a: AtariConfig = evaluation ? .evaluation : .training
    a.colour = config.grayscale ? .gray : .rgb
    a.height = config.observationSize
    a.width = config.observationSize
    return a
  }

  public func makeCartPole(seed: UInt64) -> CartPole { CartPole(seed: seed) }

  public func makeAtari(_ config: TrainingConfig, evaluation: Bool) throws -> Atari {
    guard case .atari(let game) = self else { throw ConfigError("not an Atari environment") }
    return try Atari(game: game.romName, config: atariConfig(config, evaluation: evaluation))
  }
}

/// Code that works with any environment type: `EnvironmentChoice.dispatch` calls `visit` with the
/// chosen environment's factories (training environment i, evaluation environment for seed i).
public protocol EnvironmentVisitor {
  associatedtype Result
  func visit<Env: Environment>(
    training: @escaping (Int) throws -> Env, evaluation: @escaping (Int) throws -> Env
  ) throws -> Result where Env.Scalar: TensorElement
}

extension EnvironmentChoice {
  /// Calls `visitor` with the factories of this environment under `config`: training environments
  /// seeded from the run's seed, evaluation environments as the evaluation protocol sets them up.
  public func dispatch<V: EnvironmentVisitor>(_ config: TrainingConfig, _ visitor: V) throws -> V.Result {
    switch self {
    case .cartPole:
      return try visitor.visit(
        training: { i in self.makeCartPole(seed: RunSeeds(config.seed).trainingEnvironment(i)) },
        evaluation: { i in self.makeCartPole(seed: UInt64(i)) })
    case .dmControl:
      return try visitor.visit(
        training: { i in try self.makeDMControl(config, seed: RunSeeds(config.seed).trainingEnvironment(i)) },
        evaluation: { i in try self.makeDMControl(config, seed: UInt64(i)) })
    case .atari:
      return try visitor.visit(
        training: { _ in try self.makeAtari(config, evaluation: false) },
        evaluation: { _ in try self.makeAtari(config, evaluation: true) })
    }
  }
}
