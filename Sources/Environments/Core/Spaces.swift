/// A discrete action space: actions are the indices `0..<count`.
public struct ActionSpace: Sendable, Hashable {
  /// A readable name per action (e.g. "NOOP", "FIRE").
  public let names: [String]

  public init(names: [String]) {
    self.names = names
  }

  public var count: Int { names.count }

  /// Throws `EnvironmentError.invalidAction` unless `action` is in `0..<count`.
  public func validate(_ action: Int) throws {
    guard action >= 0 && action < names.count else {
      throw EnvironmentError.invalidAction(action, actionCount: names.count)
    }
  }
}

/// The layout of one observation.
public struct ObservationSpec: Sendable, Hashable {
  public enum ScalarKind: Sendable, Hashable {
    case uint8
    case float32
  }

  /// Dimensions, outermost first: `[channels, height, width]` for frames, `[n]` for a state vector.
  public let shape: [Int]
  public let scalar: ScalarKind
  /// How many consecutive frames are stacked on the channel axis (oldest first); 1 when none are.
  public let stackedFrames: Int

  public init(shape: [Int], scalar: ScalarKind, stackedFrames: Int = 1) {
    self.shape = shape
    self.scalar = scalar
    self.stackedFrames = stackedFrames
  }

  /// Scalars in one observation.
  public var count: Int { shape.reduce(1, *) }
}
