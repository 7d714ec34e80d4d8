import Environments
import Foundation

/// The result of the evaluation protocol on one model, as `evaluation.json` in a run directory
/// (what `ezero report` reads) and as a line for people.
public struct EvaluationReport: Codable, Sendable {
  public var environment: String
  public var trainingStep: Int
  public var environmentSteps: Int
  /// Episode i started from seed `seedOffset + i`.
  public var seedOffset: UInt64
  public var returns: [Double]
  public var mean: Double
  /// Population standard deviation of the returns.
  public var std: Double
  /// (mean - random) / (human - random) for the Atari 100k games, nil elsewhere.
  public var humanNormalized: Double?
  /// Wall seconds the evaluation took (nil where not measured, as in reports of earlier versions).
  public var seconds: Double?

  public static let fileName = "evaluation.json"

  public init(environment: String, trainingStep: Int, environmentSteps: Int, seedOffset: UInt64, returns: [Double]) {
    self.environment = environment
    self.trainingStep = trainingStep
    self.environmentSteps = environmentSteps
    self.seedOffset = seedOffset
    self.returns = returns
    let n = Double(max(returns.count, 1))
    mean = returns.reduce(0, +) / n
    let m = mean
    std = (returns.map { ($0 - m) * ($0 - m) }.reduce(0, +) / n).squareRoot()
    humanNormalized = try? AtariScores.humanNormalized(mean, game: environment)
  }

  public var scalars: [String: Double] {
    var out = [MetricTag.evaluationMean: mean, MetricTag.evaluationStd: std]
    if let humanNormalized { out[MetricTag.evaluationHumanNormalized] = humanNormalized }
    if let seconds { out[MetricTag.evaluationSeconds] = seconds }
    return out
  }

  public var summary: String {
    let last = seedOffset + UInt64(max(returns.count, 1)) - 1
    var text = String(
      format: "evaluation over %d episodes (seeds %llu..%llu): mean %.1f, std %.1f", returns.count, seedOffset, last, mean, std)
    if let humanNormalized { text += String(format: ", human-normalised %.3f", humanNormalized) }
    return text
  }

  /// Writes `name` (JSON) and, with `summary`, `evaluation.txt` (the summary line).
  public func write(into directory: URL, name: String = fileName, summary writesSummary: Bool = true) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try encoder.encode(self).write(to: directory.appendingPathComponent(name), options: .atomic)
    if writesSummary {
      try (summary + "\n").write(to: directory.appendingPathComponent("evaluation.txt"), atomically: true, encoding: .utf8)
    }
  }

  public static func read(from directory: URL, name: String = fileName) throws -> EvaluationReport? {
    let url = directory.appendingPathComponent(name)
    guard FileManager.default.fileExists(atPath: url.path) else { return nil }
    do { return try JSONDecoder().decode(EvaluationReport.self, from: Data(contentsOf: url)) } catch {
      throw MissingInput("\(url.path) is unreadable: \(error)")
    }
  }
}
