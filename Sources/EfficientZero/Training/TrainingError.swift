/// A failure while training that no setting caused: the run stops with the reason.
public struct TrainingError: Error, CustomStringConvertible, Sendable {
  public let message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
