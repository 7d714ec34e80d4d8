import Foundation

/// The classic cart-pole balancing task with Gymnasium CartPole-v1's dynamics and limits:
/// Euler steps of 0.02 s, force 10 N, termination at |x| > 2.4 or |theta| > 12 degrees, reward 1 per
/// step (the terminating one included), truncation after 500 steps, start state uniform in +-0.05.
///
/// Observations are `[x, x_dot, theta, theta_dot]` as `Float`; the state itself is kept in `Double`,
/// as Gymnasium does. Small and fast: for testing whole pipelines.
public struct CartPole: Environment, Sendable {
  public typealias Scalar = Float

  public static let gravity = 9.8
  public static let cartMass = 1.0
  public static let poleMass = 0.1
  /// Half the pole's length.
  public static let poleHalfLength = 0.5
  public static let forceMagnitude = 10.0
  public static let timeStep = 0.02
  public static let angleLimit = 12 * 2 * Double.pi / 360
  public static let positionLimit = 2.4

  public let maxEpisodeSteps: Int
  public let observationSpec = ObservationSpec(shape: [4], scalar: .float32)
  public let actionSpace = ActionSpace(names: ["LEFT", "RIGHT"])

  /// `(x, x_dot, theta, theta_dot)`.
  public private(set) var state: (Double, Double, Double, Double) = (0, 0, 0, 0)
  private var random: SeededRandom
  private var steps = 0
  private var score = 0.0
  private var episodeEnded = true

  public init(maxEpisodeSteps: Int = 500, seed: UInt64 = 0) {
    self.maxEpisodeSteps = maxEpisodeSteps
    random = SeededRandom(seed: seed)
  }

  public mutating func reset(seed: UInt64?, into observation: UnsafeMutableBufferPointer<Float>) throws -> StepInfo {
    try checkBuffer(observation)
    if let seed { random = SeededRandom(seed: seed) }
    let start = (
      random.uniform(-0.05, 0.05), random.uniform(-0.05, 0.05),
      random.uniform(-0.05, 0.05), random.uniform(-0.05, 0.05)
    )
    return try reset(state: start, into: observation)
  }

  /// Starts an episode from a given state `(x, x_dot, theta, theta_dot)` instead of a random one.
  public mutating func reset(
    state: (Double, Double, Double, Double), into observation: UnsafeMutableBufferPointer<Float>
  ) throws -> StepInfo {
    try checkBuffer(observation)
    self.state = state
    steps = 0
    score = 0
    episodeEnded = false
    write(into: observation)
    return StepInfo()
  }

  public mutating func step(_ action: Int, into observation: UnsafeMutableBufferPointer<Float>) throws -> StepResult {
    guard !episodeEnded else { throw EnvironmentError.resetRequired }
    try actionSpace.validate(action)
    try checkBuffer(observation)
    let totalMass = Self.cartMass + Self.poleMass
    let poleMassLength = Self.poleMass * Self.poleHalfLength
    let force = action == 1 ? Self.forceMagnitude : -Self.forceMagnitude
    var (x, xDot, theta, thetaDot) = state
    let cosTheta = cos(theta), sinTheta = sin(theta)
    let temp = (force + poleMassLength * thetaDot * thetaDot * sinTheta) / totalMass
    let thetaAcc = (Self.gravity * sinTheta - cosTheta * temp)
      / (Self.poleHalfLength * (4.0 / 3.0 - Self.poleMass * cosTheta * cosTheta / totalMass))
    let xAcc = temp - poleMassLength * thetaAcc * cosTheta / totalMass
    // Explicit Euler, in Gymnasium's order: positions move with the old velocities.
    x += Self.timeStep * xDot
    xDot += Self.timeStep * xAcc
    theta += Self.timeStep * thetaDot
    thetaDot += Self.timeStep * thetaAcc
    state = (x, xDot, theta, thetaDot)

    let terminated = x < -Self.positionLimit || x > Self.positionLimit
      || theta < -Self.angleLimit || theta > Self.angleLimit
    steps += 1
    score += 1
    let truncated = steps >= maxEpisodeSteps
    episodeEnded = terminated || truncated
    write(into: observation)
    return StepResult(
      reward: 1, terminated: terminated, truncated: truncated,
      info: StepInfo(rawReward: 1, gameScore: score, gameSteps: steps, gameOver: terminated))
  }

  public func snapshot() throws -> [UInt8]? {
    var out = SnapshotBytes()
    out.put(array: [state.0, state.1, state.2, state.3, score])
    out.put(array: random.words)
    out.put(steps)
    out.put(episodeEnded)
    out.put(maxEpisodeSteps)
    return out.bytes
  }

  public mutating func restore(snapshot: [UInt8]) throws {
    var input = SnapshotBytes(snapshot)
    let values: [Double] = try input.takeArray()
    let words: [UInt64] = try input.takeArray()
    let steps: Int = try input.take()
    let ended: Bool = try input.take()
    let limit: Int = try input.take()
    try input.finish()
    guard values.count == 5, words.count == 4, limit == maxEpisodeSteps else {
      throw EnvironmentError.invalidConfiguration("not a snapshot of this CartPole")
    }
    state = (values[0], values[1], values[2], values[3])
    score = values[4]
    random.words = words
    self.steps = steps
    episodeEnded = ended
  }

  private func write(into observation: UnsafeMutableBufferPointer<Float>) {
    observation[0] = Float(state.0)
    observation[1] = Float(state.1)
    observation[2] = Float(state.2)
    observation[3] = Float(state.3)
  }

  private func checkBuffer(_ observation: UnsafeMutableBufferPointer<Float>) throws {
    guard observation.count >= 4 else {
      throw EnvironmentError.observationBufferTooSmall(needed: 4, got: observation.count)
    }
  }
}
