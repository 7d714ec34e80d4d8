import Foundation

/// The `scalars.csv` format: `step,tag,value,wall_time`, RFC 4180 quoting for tags.
///
/// Values use Swift's shortest round-trip spelling (`nan`, `inf` included, which Python's
/// `float` and pandas read), so a value read back equals the value written.
public enum ScalarCSV {
  public static let header = "step,tag,value,wall_time"

  static func line(for point: ScalarPoint) -> String {
    [String(point.step), quoted(point.tag), String(point.value), String(format: "%.3f", point.wallTime)]
      .joined(separator: ",")
  }

  /// Every scalar in a `scalars.csv`, in file order.
  public static func read(contentsOf url: URL) throws -> [ScalarPoint] {
    let text = try String(contentsOf: url, encoding: .utf8)
    return try parse(text, fileName: url.lastPathComponent)
  }

  public static func parse(_ text: String, fileName: String = "scalars.csv") throws(ScalarLogError) -> [ScalarPoint] {
    // Splitting on newline characters also splits "\r\n", which Swift treats as one character.
    var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
    if lines.last?.isEmpty == true { lines.removeLast() }
    guard let first = lines.first else { return [] }
    guard first == header else { throw .unexpectedHeader(file: fileName, found: String(first)) }

    var points: [ScalarPoint] = []
    points.reserveCapacity(lines.count - 1)
    for (index, line) in lines.enumerated().dropFirst() {
      let lineNumber = index + 1
      let fields = try split(line, fileName: fileName, lineNumber: lineNumber)
      guard fields.count == 4 else {
        throw .malformedLine(file: fileName, line: lineNumber, reason: "expected 4 fields, found \(fields.count)")
      }
      guard let step = Int(fields[0]) else {
        throw .malformedLine(file: fileName, line: lineNumber, reason: "step \(fields[0].debugDescription) is not an integer")
      }
      guard let value = Double(fields[2]) else {
        throw .malformedLine(file: fileName, line: lineNumber, reason: "value \(fields[2].debugDescription) is not a number")
      }
      guard let wallTime = Double(fields[3]) else {
        throw .malformedLine(file: fileName, line: lineNumber, reason: "wall_time \(fields[3].debugDescription) is not a number")
      }
      points.append(ScalarPoint(tag: fields[1], step: step, value: value, wallTime: wallTime))
    }
    return points
  }

  private static func quoted(_ field: String) -> String {
    guard field.contains(where: { $0 == "," || $0 == "\"" }) else { return field }
    return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  private static func split(_ line: Substring, fileName: String, lineNumber: Int) throws(ScalarLogError) -> [String] {
    var fields: [String] = []
    var field = ""
    var inQuotes = false
    var characters = line.makeIterator()
    var pending = characters.next()
    while let character = pending {
      pending = characters.next()
      if inQuotes {
        if character == "\"" {
          if pending == "\"" {
            field.append("\"")
            pending = characters.next()
          } else {
            inQuotes = false
          }
        } else {
          field.append(character)
        }
      } else if character == "\"" && field.isEmpty {
        inQuotes = true
      } else if character == "," {
        fields.append(field)
        field = ""
      } else {
        field.append(character)
      }
    }
    guard !inQuotes else {
      throw .malformedLine(file: fileName, line: lineNumber, reason: "unterminated quoted field")
    }
    fields.append(field)
    return fields
  }
}
