import Foundation

/// Why scalars could not be written to, or read from, a CSV or JSONL log.
public enum ScalarLogError: Error, Equatable, CustomStringConvertible {
  /// Tags are written one per line, so they cannot contain line breaks.
  case tagContainsLineBreak(tag: String)
  case unexpectedHeader(file: String, found: String)
  /// `line` counts from 1, the header included.
  case malformedLine(file: String, line: Int, reason: String)

  public var description: String {
    switch self {
    case let .tagContainsLineBreak(tag):
      "scalar tag \(tag.debugDescription) contains a line break"
    case let .unexpectedHeader(file, found):
      "\(file): header is \(found.debugDescription), expected \(ScalarCSV.header.debugDescription)"
    case let .malformedLine(file, line, reason):
      "\(file):\(line): \(reason)"
    }
  }
}
