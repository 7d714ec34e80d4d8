/// One logged scalar: the unit shared by event files, CSV/JSONL logs and plots.
public struct ScalarPoint: Sendable, Equatable, Hashable {
  public var tag: String
  public var step: Int
  public var value: Double
  /// Seconds since the Unix epoch when the value was logged.
  public var wallTime: Double

  public init(tag: String, step: Int, value: Double, wallTime: Double) {
    self.tag = tag
    self.step = step
    self.value = value
    self.wallTime = wallTime
  }
}
