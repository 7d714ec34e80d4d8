import Torch

/// Turns one environment's stream of steps into `GameSegment`s of `segmentLength` own moves,
/// each carrying `lookAhead` further moves (copied from the next segment) and the frames before it.
public struct SegmentBuilder<Frame: TensorElement> {
  public let segmentLength: Int
  public let lookAhead: Int
  let frameSize: Int
  let stackedFrames: Int
  let actionCount: Int
  /// The open segment and, once it is full, the next one (which feeds its look-ahead).
  // Internal (not private) so that a checkpoint can save an episode in progress.
  var current: GameSegment<Frame>?
  var next: GameSegment<Frame>?

  public init(segmentLength: Int, lookAhead: Int, frameSize: Int, stackedFrames: Int, actionCount: Int) {
    precondition(lookAhead < segmentLength, "the look-ahead must be shorter than a segment")
    self.segmentLength = segmentLength
    self.lookAhead = lookAhead
    self.frameSize = frameSize
    self.stackedFrames = stackedFrames
    self.actionCount = actionCount
  }

  /// Starts an episode from its first (stacked) observation.
  public mutating func begin(observation: UnsafeBufferPointer<Frame>, trainingStep: Int) {
    precondition(observation.count == frameSize * stackedFrames, "observation size does not match the frames")
    var s = GameSegment<Frame>(
      frameSize: frameSize, stackedFrames: stackedFrames, actionCount: actionCount, collectedAtTrainingStep: trainingStep)
    s.frames.append(contentsOf: observation)
    current = s
    next = nil
  }

  /// Records one move and the observation it led to; returns a segment when one is complete.
  /// `done` ends the episode; `truncated` says a time limit ended it (not a terminal state).
  public mutating func record(
    action: Int, reward: Float, rootValue: Float, policy: UnsafeBufferPointer<Float>,
    nextObservation: UnsafeBufferPointer<Frame>, done: Bool, truncated: Bool = false, trainingStep: Int
  ) -> [GameSegment<Frame>] {
    precondition(current != nil, "record(...) before begin(...)")
    precondition(policy.count == actionCount, "policy must have one entry per action")
    let newest = UnsafeBufferPointer(rebasing: nextObservation[(nextObservation.count - frameSize)...])
    var finished: [GameSegment<Frame>] = []
    func append(_ s: inout GameSegment<Frame>) {
      s.actions.append(action)
      s.rewards.append(reward)
      s.rootValues.append(rootValue)
      s.policies.append(contentsOf: policy)
      s.frames.append(contentsOf: newest)
    }
    if current!.ownLength < segmentLength {
      append(&current!)
      current!.ownLength += 1
    } else {
      // Own moves are full: this move is look-ahead for the current segment and own for the next.
      append(&current!)
      if next == nil {
        // The next segment starts at the current one's last own observation: copy its frames.
        var n = GameSegment<Frame>(
          frameSize: frameSize, stackedFrames: stackedFrames, actionCount: actionCount, collectedAtTrainingStep: trainingStep)
        let c = current!
        let start = (c.ownLength) * frameSize
        n.frames.append(contentsOf: c.frames[start..<(start + stackedFrames * frameSize)])
        next = n
      }
      append(&next!)
      next!.ownLength += 1
    }
    if done {
      let timeLimit = truncated
      current!.episodeEnded = true
      current!.endedByTimeLimit = timeLimit
      finished.append(current!)
      if var n = next {
        n.episodeEnded = true
        n.endedByTimeLimit = timeLimit
        finished.append(n)
      }
      current = nil
      next = nil
    } else if current!.steps == segmentLength + lookAhead {
      finished.append(current!)
      current = next
      next = nil
    }
    return finished
  }

  /// Closes an unfinished episode as if it were cut by a time limit: its last observation is not
  /// terminal, so value targets bootstrap from it.
  public mutating func flush() -> [GameSegment<Frame>] {
    var out: [GameSegment<Frame>] = []
    for var s in [current, next].compactMap({ $0 }) where s.ownLength > 0 {
      s.episodeEnded = true
      s.endedByTimeLimit = true
      out.append(s)
    }
    current = nil
    next = nil
    return out
  }
}
