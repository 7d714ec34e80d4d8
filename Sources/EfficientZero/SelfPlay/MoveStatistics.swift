import Foundation

/// What self-play's searched moves looked like: how often each action was played and the mean
/// entropy (nats) of the network's prior at the roots. A policy collapsing onto one action shows
/// as one share near 1 and an entropy near 0, without a diagnosis.
public struct MoveStatistics: Sendable, Equatable {
  public var actionCounts: [Int]
  public var priorEntropySum = 0.0
  public var roots = 0

  public init(actionCount: Int) { actionCounts = Array(repeating: 0, count: actionCount) }

  /// Adds one batch of searched moves: the actions played and the roots' prior logits (row-major, B x A).
  public mutating func add(actions: [Int], priorLogits: [Float]) {
    let a = actionCounts.count
    for action in actions { actionCounts[action] += 1 }
    for root in 0..<actions.count {
      priorEntropySum += Self.entropy(logits: priorLogits[(root * a)..<((root + 1) * a)])
    }
    roots += actions.count
  }

  /// The entropy of softmax(logits), in nats.
  public static func entropy(logits: ArraySlice<Float>) -> Double {
    let top = Double(logits.max() ?? 0)
    let weights = logits.map { exp(Double($0) - top) }
    let total = weights.reduce(0, +)
    return -weights.reduce(0) { sum, w in
      let p = w / total
      return p > 0 ? sum + p * log(p) : sum
    }
  }

  /// The moves since `earlier` (counters only grow).
  public func since(_ earlier: MoveStatistics) -> MoveStatistics {
    guard earlier.actionCounts.count == actionCounts.count else { return self }
    var out = self
    out.actionCounts = zip(actionCounts, earlier.actionCounts).map { $0 - $1 }
    out.priorEntropySum -= earlier.priorEntropySum
    out.roots -= earlier.roots
    return out
  }

  /// Each action's share of the moves (empty without moves).
  public var actionShares: [Double] {
    let total = actionCounts.reduce(0, +)
    return total == 0 ? [] : actionCounts.map { Double($0) / Double(total) }
  }

  public var meanPriorEntropy: Double? { roots == 0 ? nil : priorEntropySum / Double(roots) }
}
