import Foundation
import Metrics

/// Where one run's wall time went, read from its scalars and its final evaluation. Each training
/// step counts once: a resumed run re-runs the steps after its last checkpoint and logs them again,
/// and the figures are those of the later pass, so the total is what the run takes uninterrupted.
public struct RunWallTime: Equatable, Sendable {
  /// Seconds of the logged intervals, periodic evaluations and checkpoints included.
  public var training = 0.0
  public var selfPlay = 0.0
  public var reanalyze = 0.0
  public var learner = 0.0
  public var periodicEvaluations = 0.0
  public var finalEvaluation = 0.0

  public var total: Double { training + finalEvaluation }
  /// Batches, priorities, checkpoints and logging: the training time outside the three phases and the evaluations.
  public var rest: Double { training - selfPlay - reanalyze - learner - periodicEvaluations }

  /// Nil where the run logged no phase times (runs of earlier versions, or none logged yet).
  public static func read(from directory: URL) throws -> RunWallTime? {
    let csv = directory.appendingPathComponent(ScalarLog.csvFileName)
    guard FileManager.default.fileExists(atPath: csv.path) else { return nil }
    var latest: [String: [Int: Double]] = [:]
    for point in try ScalarCSV.read(contentsOf: csv) { latest[point.tag, default: [:]][point.step] = point.value }
    guard let intervals = latest[MetricTag.intervalSeconds], let lastStep = intervals.keys.max() else { return nil }
    let final = try EvaluationReport.read(from: directory)
    func sum(_ tag: String) -> Double { latest[tag, default: [:]].values.reduce(0, +) }
    var time = RunWallTime()
    time.training = intervals.values.reduce(0, +)
    time.selfPlay = sum(MetricTag.selfPlaySeconds)
    time.reanalyze = sum(MetricTag.reanalyzeSeconds)
    time.learner = sum(MetricTag.learnerSeconds)
    for (step, seconds) in latest[MetricTag.evaluationSeconds, default: [:]] where step != final?.trainingStep {
      time.periodicEvaluations += seconds
      // An evaluation runs after its step's interval is logged: its time falls in the next interval, if any.
      if step >= lastStep { time.training += seconds }
    }
    time.finalEvaluation = final?.seconds ?? 0
    return time
  }

  /// "1 h 41 min: self-play 7 min, reanalysis 27 min, learner 53 min, evaluations 5 min, rest 9 min".
  public var summary: String {
    let evaluations = periodicEvaluations + finalEvaluation
    return "\(Self.format(total)): self-play \(Self.format(selfPlay)), reanalysis \(Self.format(reanalyze)), "
      + "learner \(Self.format(learner)), evaluations \(Self.format(evaluations)), rest \(Self.format(rest))"
  }

  static func format(_ seconds: Double) -> String {
    if seconds < 59.5 { return "\(Int(seconds.rounded())) s" }
    let minutes = Int((seconds / 60).rounded())
    return minutes >= 60 ? "\(minutes / 60) h \(minutes % 60) min" : "\(minutes) min"
  }
}
