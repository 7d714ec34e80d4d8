import Foundation

/// The `scalars.jsonl` format: one object per line, `{"step":…,"tag":…,"value":…,"wall_time":…}`.
///
/// JSON has no NaN or infinity, so a non-finite value is written as `null` and read back as NaN.
public enum ScalarJSONL {
  static func line(for point: ScalarPoint) -> String {
    let value = point.value.isFinite ? String(point.value) : "null"
    return "{\"step\":\(point.step),\"tag\":\(jsonString(point.tag)),\"value\":\(value),"
      + "\"wall_time\":\(String(format: "%.3f", point.wallTime))}"
  }

  /// Every scalar in a `scalars.jsonl`, in file order.
  public static func read(contentsOf url: URL) throws -> [ScalarPoint] {
    let text = try String(contentsOf: url, encoding: .utf8)
    return try parse(text, fileName: url.lastPathComponent)
  }

  public static func parse(_ text: String, fileName: String = "scalars.jsonl") throws(ScalarLogError) -> [ScalarPoint] {
    var points: [ScalarPoint] = []
    for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated()
    where !line.allSatisfy(\.isWhitespace) {
      let lineNumber = index + 1
      func malformed(_ reason: String) -> ScalarLogError {
        .malformedLine(file: fileName, line: lineNumber, reason: reason)
      }
      let object: [String: Any]
      do {
        guard let parsed = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
          throw malformed("not a JSON object")
        }
        object = parsed
      } catch let error as ScalarLogError {
        throw error
      } catch {
        throw malformed("invalid JSON")
      }
      guard let tag = object["tag"] as? String else { throw malformed("missing string \"tag\"") }
      guard let step = (object["step"] as? NSNumber).flatMap({ Int(exactly: $0.doubleValue) }) else {
        throw malformed("missing integer \"step\"")
      }
      guard let wallTime = (object["wall_time"] as? NSNumber)?.doubleValue else {
        throw malformed("missing number \"wall_time\"")
      }
      let value: Double
      switch object["value"] {
      case let number as NSNumber: value = number.doubleValue
      case is NSNull: value = .nan
      default: throw malformed("missing number \"value\"")
      }
      points.append(ScalarPoint(tag: tag, step: step, value: value, wallTime: wallTime))
    }
    return points
  }

  private static func jsonString(_ string: String) -> String {
    var escaped = "\""
    for scalar in string.unicodeScalars {
      switch scalar {
      case "\"": escaped += "\\\""
      case "\\": escaped += "\\\\"
      case "\n": escaped += "\\n"
      case "\r": escaped += "\\r"
      case "\t": escaped += "\\t"
      case _ where scalar.value < 0x20:
        escaped += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
          + String(scalar.value, radix: 16)
      default: escaped.unicodeScalars.append(scalar)
      }
    }
    return escaped + "\""
  }
}
