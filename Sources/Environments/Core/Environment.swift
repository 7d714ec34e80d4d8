/// A reinforcement-learning environment with discrete actions and fixed-shape observations.
///
/// The core methods write observations into caller-owned memory so that a hot loop (a vector of
/// environments, a self-play worker) allocates nothing per step; `reset(seed:)` and `step(_:)` in the
/// extension below are allocating conveniences.
/// (`SendableMetatype`: the concurrent pipeline names an environment type on its threads.)
public protocol Environment: SendableMetatype {
  /// The element type of an observation: `UInt8` for pixels, `Float` for physical state.
  associatedtype Scalar: BitwiseCopyable & Sendable

  var observationSpec: ObservationSpec { get }
  var actionSpace: ActionSpace { get }

  /// Starts an episode and writes its first observation (`observationSpec.count` scalars).
  /// The same seed gives the same episode bit for bit; `nil` continues the current random stream.
  mutating func reset(seed: UInt64?, into observation: UnsafeMutableBufferPointer<Scalar>) throws -> StepInfo

  /// Applies an action (an index into `actionSpace`) and writes the next observation.
  /// Stepping after `terminated` or `truncated` without a reset is an error.
  mutating func step(_ action: Int, into observation: UnsafeMutableBufferPointer<Scalar>) throws -> StepResult

  /// The complete state (physics, counters, random streams) as bytes, for checkpoints; nil where the
  /// environment cannot save it. Restoring it continues the same episode exactly.
  func snapshot() throws -> [UInt8]?

  /// Continues from a state that `snapshot()` returned.
  mutating func restore(snapshot: [UInt8]) throws
}

extension Environment {
  public func snapshot() throws -> [UInt8]? { nil }

  public mutating func restore(snapshot: [UInt8]) throws {
    throw EnvironmentError.invalidConfiguration("\(Self.self) cannot restore a saved state")
  }
}

/// Packs plain values into a snapshot and unpacks them in the same order, checking the length.
public struct SnapshotBytes {
  public private(set) var bytes: [UInt8]
  private var offset = 0

  public init() { bytes = [] }
  public init(_ bytes: [UInt8]) { self.bytes = bytes }

  public mutating func put<T: BitwiseCopyable>(_ value: T) {
    withUnsafeBytes(of: value) { bytes.append(contentsOf: $0) }
  }

  public mutating func put<T: BitwiseCopyable>(array: [T]) {
    put(array.count)
    array.withUnsafeBytes { bytes.append(contentsOf: $0) }
  }

  public mutating func take<T: BitwiseCopyable>(_: T.Type = T.self) throws -> T {
    let size = MemoryLayout<T>.size
    guard offset + size <= bytes.count else { throw EnvironmentError.invalidConfiguration("environment snapshot is truncated") }
    defer { offset += size }
    return bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: T.self) }
  }

  public mutating func takeArray<T: BitwiseCopyable>(of _: T.Type = T.self) throws -> [T] {
    let count: Int = try take()
    let size = MemoryLayout<T>.stride
    guard count >= 0, count <= (bytes.count - offset) / max(size, 1) else {
      throw EnvironmentError.invalidConfiguration("environment snapshot is truncated")
    }
    let start = offset
    offset += count * size
    return bytes.withUnsafeBytes { raw in (0..<count).map { raw.loadUnaligned(fromByteOffset: start + $0 * size, as: T.self) } }
  }

  /// Marks the snapshot with what it belongs to (a game, a task), so another environment refuses it.
  public mutating func put(owner: String) { put(array: Array(owner.utf8)) }

  /// Reads the mark `put(owner:)` wrote; throws unless it is `owner`.
  public mutating func take(owner: String) throws {
    let name = String(decoding: try takeArray(of: UInt8.self), as: UTF8.self)
    guard name == owner else { throw EnvironmentError.invalidConfiguration("a snapshot of \(name) cannot continue \(owner)") }
  }

  /// Throws unless every byte was read (a snapshot of another kind of environment).
  public func finish() throws {
    guard offset == bytes.count else { throw EnvironmentError.invalidConfiguration("environment snapshot has unexpected bytes") }
  }
}

extension Environment {
  /// Starts an episode and returns its first observation.
  public mutating func reset(seed: UInt64? = nil) throws -> [Scalar] {
    try Self.allocatingReset(&self, seed: seed)
  }

  /// Applies an action and returns the next observation with the step's outcome.
  public mutating func step(_ action: Int) throws -> (observation: [Scalar], result: StepResult) {
    try Self.allocatingStep(&self, action)
  }

  static func allocatingReset(_ environment: inout Self, seed: UInt64?) throws -> [Scalar] {
    let count = environment.observationSpec.count
    return try [Scalar](unsafeUninitializedCapacity: count) { buffer, initialized in
      _ = try environment.reset(seed: seed, into: UnsafeMutableBufferPointer(rebasing: buffer[0..<count]))
      initialized = count
    }
  }

  static func allocatingStep(_ environment: inout Self, _ action: Int) throws -> (observation: [Scalar], result: StepResult) {
    let count = environment.observationSpec.count
    var result = StepResult(reward: 0, terminated: false, truncated: false, info: StepInfo())
    let observation = try [Scalar](unsafeUninitializedCapacity: count) { buffer, initialized in
      result = try environment.step(action, into: UnsafeMutableBufferPointer(rebasing: buffer[0..<count]))
      initialized = count
    }
    return (observation, result)
  }
}

extension Environment where Self: AnyObject {
  /// The allocating `reset(seed:)` for class environments, callable on a `let` (their state lives
  /// in the object, so the copied reference mutates the same environment).
  public func reset(seed: UInt64? = nil) throws -> [Scalar] {
    var environment = self
    return try Self.allocatingReset(&environment, seed: seed)
  }

  /// The allocating `step(_:)` for class environments, callable on a `let`.
  public func step(_ action: Int) throws -> (observation: [Scalar], result: StepResult) {
    var environment = self
    return try Self.allocatingStep(&environment, action)
  }
}

/// What one step produced besides the observation.
public struct StepResult: Sendable, Equatable {
  /// The reward to learn from (clipped to its sign where the environment is configured to clip).
  public var reward: Double
  /// The episode reached a terminal state (game over, or a lost life where lives end episodes).
  public var terminated: Bool
  /// The episode was cut by a time limit.
  public var truncated: Bool
  public var info: StepInfo

  public init(reward: Double, terminated: Bool, truncated: Bool, info: StepInfo) {
    self.reward = reward
    self.terminated = terminated
    self.truncated = truncated
    self.info = info
  }

  /// The episode is over, for either reason.
  public var done: Bool { terminated || truncated }
}

/// Facts about the game behind a step, independent of reward shaping.
public struct StepInfo: Sendable, Equatable {
  /// Lives left (0 where the game has no lives).
  public var lives: Int
  /// The unclipped reward of this step.
  public var rawReward: Double
  /// The unclipped score since the game started (across lives), which evaluation reports.
  public var gameScore: Double
  /// Steps since the game started.
  public var gameSteps: Int
  /// The game itself is over (not merely a life lost or a time limit).
  public var gameOver: Bool

  public init(lives: Int = 0, rawReward: Double = 0, gameScore: Double = 0, gameSteps: Int = 0, gameOver: Bool = false) {
    self.lives = lives
    self.rawReward = rawReward
    self.gameScore = gameScore
    self.gameSteps = gameSteps
    self.gameOver = gameOver
  }
}
