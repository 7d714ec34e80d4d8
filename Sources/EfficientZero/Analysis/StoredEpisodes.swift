import Torch

/// Whole episodes put back together from replay segments, for analyses that need the rest of an
/// episode (the discounted return from a position to the end).
///
/// A segment that does not end its episode is continued by the segment that starts at its last own
/// observation: that one's first frames equal its frames there, and its first moves are its
/// look-ahead moves (`SegmentBuilder` copies them).
public struct StoredEpisode: Sendable, Equatable {
  /// Indices into the segment list, in the order they were played.
  public var segments: [Int]
  /// The training rewards of every own move of those segments, in order.
  public var rewards: [Float]
  /// Where each segment's own moves start in `rewards`.
  public var offsets: [Int]
  /// The episode reached a terminal state (not a time limit, and no segment of its end is missing).
  public var terminated: Bool

  /// The episodes of `segments` (in replay order). Chains whose start is no longer stored still
  /// count from their first stored segment; chains whose end is not stored yet are not terminated.
  public static func link<Frame: TensorElement>(_ segments: [GameSegment<Frame>]) -> [StoredEpisode] {
    // Segments by their first observation, so that a successor is found without scanning.
    var byStart: [[UInt8]: [Int]] = [:]
    for (i, s) in segments.enumerated() { byStart[firstObservation(s), default: []].append(i) }
    var successor = [Int?](repeating: nil, count: segments.count)
    var hasPredecessor = [Bool](repeating: false, count: segments.count)
    for (i, s) in segments.enumerated() where !s.episodeEnded && s.steps > s.ownLength {
      let window = observationAt(s, position: s.ownLength)
      let lookAhead = Array(s.actions[s.ownLength...])
      let next = byStart[window]?.first { j in
        j > i && !hasPredecessor[j] && segments[j].actions.starts(with: lookAhead)
          && Array(segments[j].rewards.prefix(lookAhead.count)) == Array(s.rewards[s.ownLength...])
      }
      if let next {
        successor[i] = next
        hasPredecessor[next] = true
      }
    }
    var episodes: [StoredEpisode] = []
    for start in segments.indices where !hasPredecessor[start] {
      var chain: [Int] = []
      var current: Int? = start
      while let i = current {
        chain.append(i)
        current = successor[i]
      }
      var rewards: [Float] = []
      var offsets: [Int] = []
      for i in chain {
        offsets.append(rewards.count)
        rewards += segments[i].rewards[0..<segments[i].ownLength]
      }
      let last = segments[chain.last!]
      episodes.append(
        StoredEpisode(segments: chain, rewards: rewards, offsets: offsets, terminated: last.episodeEnded && !last.endedByTimeLimit))
    }
    return episodes
  }

  /// G_s = sum_i gamma^i r_{s+i} to the episode's stored end, for every own move s.
  public func discountedReturns(discount: Double) -> [Double] {
    Array(PredictionErrors.discountedReturns(rewards, discount: discount).dropLast())
  }

  static func firstObservation<Frame>(_ s: GameSegment<Frame>) -> [UInt8] { observationAt(s, position: 0) }

  /// The bytes of observation `position` (stackedFrames frames): comparable for any frame type.
  static func observationAt<Frame>(_ s: GameSegment<Frame>, position: Int) -> [UInt8] {
    let start = position * s.frameSize
    return Array(s.frames[start..<(start + s.stackedFrames * s.frameSize)]).withUnsafeBytes { Array($0) }
  }
}
