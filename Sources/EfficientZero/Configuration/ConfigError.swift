/// A configuration value that cannot work, with the reason.
public struct ConfigError: Error, CustomStringConvertible, Sendable {
  public let message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
