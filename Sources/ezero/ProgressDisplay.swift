#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import EfficientZero
import Foundation

/// Training progress for a person: on a terminal one line rewritten in place after every step
/// (steps, environment steps, speed, ETA, recent return, last losses); elsewhere (a log file, a pipe)
/// one full line per log interval.
final class ProgressDisplay {
  let totalSteps: Int
  let isTerminal = isatty(STDOUT_FILENO) == 1
  private var lastLosses = ""
  private var lastReturn = "-"
  private var lineOpen = false
  private var lastDraw = ContinuousClock.now
  private var speed = StepRate()

  init(totalSteps: Int) { self.totalSteps = totalSteps }

  /// Called after every training step (cheap: redraws at most 10 times a second).
  func step(trainingStep: Int, environmentSteps: Int) {
    speed.record(step: trainingStep)
    guard isTerminal, ContinuousClock.now - lastDraw > .milliseconds(100) else { return }
    lastDraw = .now
    let percent = 100 * Double(trainingStep) / Double(max(totalSteps, 1))
    let line = String(format: "step %d/%d (%.0f%%)  env %d  ", trainingStep, totalSteps, percent, environmentSteps)
      + speed.summary(remaining: totalSteps - trainingStep) + "  return \(lastReturn)  \(lastLosses)"
    let width = terminalWidth()
    print("\r\u{1B}[K" + String(line.prefix(width - 1)), terminator: "")
    fflush(stdout)
    lineOpen = true
  }

  /// The figures of a log interval: kept for the live line on a terminal, printed as a line elsewhere.
  func interval(_ p: TrainingProgress) {
    // The total first, then the reward term, value, policy and consistency.
    let named = p.losses.named
    let losses = ([named[4], named[0], named[2], named[1], named[3]]).map { "\($0.name) \(String(format: "%.3f", $0.value))" }
    lastLosses = losses.prefix(3).joined(separator: ", ")
    if !p.recentReturns.isEmpty {
      lastReturn = String(format: "%.1f", p.recentReturns.reduce(0, +) / Double(p.recentReturns.count))
    }
    guard !isTerminal else { return }
    print(
      "step \(p.trainingStep)/\(totalSteps)  env steps \(p.environmentSteps)  replay \(p.replayMoves)  "
        + "lr \(String(format: "%.4f", p.learningRate))  return(last 10) \(lastReturn)  [\(losses.joined(separator: ", "))]  "
        + String(format: "value %.2f (target %.2f)  ", p.valueMean, p.valueTargetMean)
        + Self.moves(p.moves)
        + speed.summary(remaining: totalSteps - p.trainingStep) + "  "
        + String(format: "(self-play %.1f s, reanalyze %.1f s, learner %.1f s)", p.phases.selfPlay, p.phases.reanalyze, p.phases.learner))
  }

  /// The most played action's share and the prior's entropy, e.g. "moves: a3 41%, prior entropy 1.52  ".
  static func moves(_ moves: MoveStatistics) -> String {
    let shares = moves.actionShares
    guard let top = shares.indices.max(by: { shares[$0] < shares[$1] }), let entropy = moves.meanPriorEntropy else { return "" }
    return String(format: "moves: a%d %.0f%%, prior entropy %.2f  ", top, shares[top] * 100, entropy)
  }

  /// Prints a message on its own line (ending the live line first).
  func message(_ text: String) {
    if lineOpen {
      print("")
      lineOpen = false
    }
    print(text)
  }

  private func terminalWidth() -> Int {
    var size = winsize()
    return ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 20 ? Int(size.ws_col) : 120
  }
}

/// Training steps per second over the last minute or so, and the time left at that rate.
struct StepRate {
  private var samples: [(step: Int, time: ContinuousClock.Instant)] = []

  mutating func record(step: Int) {
    let now = ContinuousClock.now
    samples.append((step, now))
    while samples.count > 2, now - samples[0].time > .seconds(60) { samples.removeFirst() }
  }

  func summary(remaining: Int) -> String {
    guard let first = samples.first, let last = samples.last, last.step > first.step else { return "-- steps/s" }
    let d = last.time - first.time
    let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    let rate = Double(last.step - first.step) / max(seconds, 1e-9)
    return String(format: "%.2f steps/s  ETA ", rate) + Self.duration(Double(remaining) / rate)
  }

  static func duration(_ seconds: Double) -> String {
    guard seconds.isFinite else { return "--" }
    let s = Int(seconds.rounded())
    if s >= 3600 { return "\(s / 3600)h\(String(format: "%02d", (s % 3600) / 60))m" }
    if s >= 60 { return "\(s / 60)m\(String(format: "%02d", s % 60))s" }
    return "\(s)s"
  }
}
