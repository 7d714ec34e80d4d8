import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// What an XML parser saw in a document: whether it was well-formed, its elements and text.
struct XMLCheck {
  var isWellFormed: Bool
  var error: String?
  var elementCounts: [String: Int]
  var text: [String]

  init(_ markup: String) {
    let collector = Collector()
    let parser = XMLParser(data: Data(markup.utf8))
    parser.delegate = collector
    isWellFormed = parser.parse()
    error = parser.parserError.map { String(describing: $0) }
    elementCounts = collector.elementCounts
    text = collector.text
  }

  /// Collects each element's direct text as one string; the parser may deliver it in pieces.
  private final class Collector: NSObject, XMLParserDelegate {
    var elementCounts: [String: Int] = [:]
    var text: [String] = []
    private var pending = ""

    func parser(
      _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
      qualifiedName: String?, attributes: [String: String] = [:]
    ) {
      finishText()
      elementCounts[elementName, default: 0] += 1
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
      finishText()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
      pending += string
    }

    private func finishText() {
      let trimmed = pending.trimmingCharacters(in: .whitespacesAndNewlines)
      if !trimmed.isEmpty { text.append(trimmed) }
      pending = ""
    }
  }
}
