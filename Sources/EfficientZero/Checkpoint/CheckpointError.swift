/// A checkpoint that cannot be written, found, read or used; the message names the file and the reason.
public struct CheckpointError: Error, CustomStringConvertible, Sendable {
  public let message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
