/// Builds SVG markup, escaping every attribute value and text node.
struct SVGWriter {
  private(set) var markup = ""

  mutating func open(_ name: String, _ attributes: KeyValuePairs<String, String> = [:]) {
    markup += "<\(name)\(Self.render(attributes))>\n"
  }

  mutating func close(_ name: String) {
    markup += "</\(name)>\n"
  }

  mutating func empty(_ name: String, _ attributes: KeyValuePairs<String, String>) {
    markup += "<\(name)\(Self.render(attributes))/>\n"
  }

  mutating func text(_ name: String, _ attributes: KeyValuePairs<String, String>, _ content: String) {
    markup += "<\(name)\(Self.render(attributes))>\(Self.escape(content))</\(name)>\n"
  }

  static func escape(_ text: String) -> String {
    var escaped = ""
    escaped.reserveCapacity(text.utf8.count)
    for character in text {
      switch character {
      case "&": escaped += "&amp;"
      case "<": escaped += "&lt;"
      case ">": escaped += "&gt;"
      case "\"": escaped += "&quot;"
      case "'": escaped += "&apos;"
      default:
        // Control characters other than tab and line breaks are not allowed in XML 1.0 at all.
        if character.unicodeScalars.allSatisfy({ $0.value >= 0x20 || $0 == "\t" || $0 == "\n" || $0 == "\r" }) {
          escaped.append(character)
        } else {
          escaped += "\u{FFFD}"
        }
      }
    }
    return escaped
  }

  /// Coordinates with two decimals keep files small and still sub-pixel exact.
  static func number(_ value: Double) -> String {
    let rounded = (value * 100).rounded() / 100
    return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
  }

  private static func render(_ attributes: KeyValuePairs<String, String>) -> String {
    attributes.map { " \($0.key)=\"\(escape($0.value))\"" }.joined()
  }
}
