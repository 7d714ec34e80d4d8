import Foundation
import Torch

/// A sampled position: segment `segment` (a stable id), move `position`.
public struct ReplayKey: Sendable, Hashable {
  public var segment: Int
  public var position: Int
}

/// Prioritised experience replay (Schaul et al.) over game segments: P(i) = p_i^alpha / sum p^alpha,
/// importance weights (N P(i))^-beta normalised by the batch maximum, new moves at the largest
/// priority now in the buffer (the reference's `priorities.max()`), a batch drawn without
/// replacement. Holds at most `capacity` moves; the oldest segments leave first.
public final class ReplayBuffer<Frame: TensorElement> {
  public let capacity: Int
  public let alpha: Double
  // Internal (not private) so that a checkpoint can save and restore them exactly.
  internal private(set) var segments: [GameSegment<Frame>] = []
  /// p_i^alpha per own move, per segment.
  internal private(set) var scaledPriorities: [[Double]] = []
  private var segmentSums: [Double] = []
  /// The largest p^alpha of each segment (so that the buffer's largest is cheap to find).
  private var segmentMaxima: [Double] = []
  internal private(set) var firstId = 0
  public private(set) var moveCount = 0
  /// Moves ever added (the buffer's age clock).
  public private(set) var totalMovesAdded = 0

  public init(capacity: Int, alpha: Double = 0.6) {
    self.capacity = capacity
    self.alpha = alpha
  }

  public var segmentCount: Int { segments.count }

  /// Replaces the contents with a saved state (segments and their priorities^alpha, in order).
  func restore(
    segments: [GameSegment<Frame>], scaledPriorities: [[Double]], firstId: Int, totalMovesAdded: Int
  ) {
    self.segments = segments
    self.scaledPriorities = scaledPriorities
    segmentSums = scaledPriorities.map { $0.reduce(0, +) }
    segmentMaxima = scaledPriorities.map { $0.max() ?? 0 }
    self.firstId = firstId
    moveCount = segments.reduce(0) { $0 + $1.ownLength }
    self.totalMovesAdded = totalMovesAdded
  }

  public func segment(_ id: Int) -> GameSegment<Frame> { segments[id - firstId] }

  public func contains(_ key: ReplayKey) -> Bool {
    let i = key.segment - firstId
    return i >= 0 && i < segments.count && key.position < segments[i].ownLength
  }

  /// Adds a segment with every own move at the largest priority now in the buffer (1 when empty).
  public func add(_ segment: GameSegment<Frame>) {
    guard segment.ownLength > 0 else { return }
    // p -> p^alpha is increasing, so the largest p^alpha is the largest priority's.
    let p = segmentMaxima.max() ?? 1
    segments.append(segment)
    scaledPriorities.append([Double](repeating: p, count: segment.ownLength))
    segmentSums.append(p * Double(segment.ownLength))
    segmentMaxima.append(p)
    moveCount += segment.ownLength
    totalMovesAdded += segment.ownLength
    while moveCount > capacity, segments.count > 1 {
      moveCount -= segments[0].ownLength
      segments.removeFirst()
      scaledPriorities.removeFirst()
      segmentSums.removeFirst()
      segmentMaxima.removeFirst()
      firstId += 1
    }
  }

  /// Draws `count` distinct positions (as the reference's `np.random.choice(..., replace=False)`:
  /// each next one with probability proportional to p^alpha among those not drawn yet); returns them
  /// with their importance weights, which use the undiminished P(i).
  public func sample<G: RandomNumberGenerator>(
    count: Int, beta: Double, using generator: inout G
  ) -> (keys: [ReplayKey], weights: [Float]) {
    precondition(count <= moveCount, "cannot draw \(count) distinct positions from \(moveCount)")
    let total = segmentSums.reduce(0, +)
    var keys: [ReplayKey] = []
    var probabilities: [Double] = []
    keys.reserveCapacity(count)
    // The mass already drawn, per segment, and the drawn positions (whose mass counts as 0).
    var remainingSums = segmentSums
    var remaining = total
    var drawn: [Int: Set<Int>] = [:]
    func exhausted(_ s: Int) -> Bool { (drawn[s]?.count ?? 0) == scaledPriorities[s].count }
    for _ in 0..<count {
      var u = Double.random(in: 0..<Swift.max(remaining, .leastNormalMagnitude), using: &generator)
      var s = 0
      while s < segments.count - 1 && (exhausted(s) || u >= remainingSums[s]) {
        if !exhausted(s) { u -= remainingSums[s] }
        s += 1
      }
      // Rounding can leave u past the last segment with positions left: step back to one.
      while exhausted(s) { s -= 1 }
      let row = scaledPriorities[s]
      let taken = drawn[s] ?? []
      var p = 0
      while p < row.count - 1 && (taken.contains(p) || u >= row[p]) {
        if !taken.contains(p) { u -= row[p] }
        p += 1
      }
      while taken.contains(p) { p -= 1 }
      drawn[s, default: []].insert(p)
      remainingSums[s] = exhausted(s) ? 0 : remainingSums[s] - row[p]
      remaining = remainingSums.reduce(0, +)
      keys.append(ReplayKey(segment: s + firstId, position: p))
      probabilities.append(row[p] / total)
    }
    let n = Double(moveCount)
    let raw = probabilities.map { pow(n * $0, -beta) }
    let maxWeight = raw.max() ?? 1
    return (keys, raw.map { Float($0 / maxWeight) })
  }

  /// Sets new priorities (|V - z| from the learner) for positions still in the buffer.
  public func updatePriorities(_ keys: [ReplayKey], _ priorities: [Float]) {
    var touched = Set<Int>()
    for (key, priority) in zip(keys, priorities) where contains(key) {
      let i = key.segment - firstId
      let p = Double(priority)
      scaledPriorities[i][key.position] = pow(p, alpha)
      touched.insert(i)
    }
    // Recomputed rather than adjusted, so that sums never drift from their rows.
    for i in touched {
      segmentSums[i] = scaledPriorities[i].reduce(0, +)
      segmentMaxima[i] = scaledPriorities[i].max() ?? 0
    }
  }

  /// The largest priority now in the buffer (what new moves get).
  public var largestPriority: Double {
    guard let scaled = segmentMaxima.max() else { return 1 }
    return alpha == 0 ? 1 : pow(scaled, 1 / alpha)
  }

  /// The mean priority over the moves in the buffer.
  public var meanPriority: Double {
    guard moveCount > 0 else { return 0 }
    let inverse = alpha == 0 ? 1 : 1 / alpha
    return scaledPriorities.reduce(0) { sum, row in row.reduce(sum) { $0 + pow($1, inverse) } } / Double(moveCount)
  }

  /// The current priority^alpha of a position (for statistics and tests).
  public func scaledPriority(_ key: ReplayKey) -> Double { scaledPriorities[key.segment - firstId][key.position] }
}
