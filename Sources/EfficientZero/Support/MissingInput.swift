/// A file or directory the command needs and cannot find.
public struct MissingInput: Error, CustomStringConvertible, Sendable {
  public let description: String
  public init(_ description: String) { self.description = description }
}
