import Foundation
import Metrics

/// Another implementation's evaluation curve, charted beside an experiment's variants: the file
/// `<output>/peers/<game>/<name>/curve.csv` with the columns `agent_steps` and `return_mean`, as
/// `scripts/lightzero-calibration.sh --out <output>/peers/<game>/lightzero` writes it.
public struct PeerCurve: Equatable, Sendable {
  public var name: String
  public var points: [LineChart.Point]

  public static let folderName = "peers"
  public static let fileName = "curve.csv"

  /// Every peer curve of `game` under `output`, by name; none when the folder is absent.
  public static func all(output: URL, game: String) throws -> [PeerCurve] {
    let folder = output.appendingPathComponent(folderName).appendingPathComponent(ExperimentPlan.folderName(game))
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
    return try names.sorted().compactMap { name in
      let file = folder.appendingPathComponent(name).appendingPathComponent(fileName)
      guard FileManager.default.fileExists(atPath: file.path) else { return nil }
      return PeerCurve(name: name, points: try read(String(contentsOf: file, encoding: .utf8), file: file.path))
    }
  }

  /// The points of a curve file's text, in agent-step order.
  static func read(_ text: String, file: String) throws -> [LineChart.Point] {
    let lines = text.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false) }
    guard let header = lines.first, let x = header.firstIndex(of: "agent_steps"), let y = header.firstIndex(of: "return_mean")
    else { throw ConfigError("\(file): needs the columns agent_steps and return_mean") }
    return try lines.dropFirst().enumerated().map { number, fields in
      guard fields.count == header.count, let steps = Double(fields[x]), let mean = Double(fields[y]) else {
        throw ConfigError("\(file): line \(number + 2) is not \(header.count) numbers")
      }
      return LineChart.Point(x: steps, y: mean)
    }.sorted { $0.x < $1.x }
  }
}
