import Torch

/// A stored piece of one episode: `ownLength` moves that can be sampled, followed by up to
/// `unroll + tdSteps` moves of look-ahead copied from the episode's continuation, so that
/// unrolling and bootstrapping from the last own move never needs another segment.
///
/// Frames are stored once: frame `i + stackedFrames - 1` is the newest frame of observation `i`,
/// and observation `i` is the view of frames `i ..< i + stackedFrames` (oldest first).
public struct GameSegment<Frame: TensorElement>: Sendable {
  /// Scalars in one frame.
  public let frameSize: Int
  public let stackedFrames: Int
  public let actionCount: Int
  /// stackedFrames - 1 + (steps + 1) frames.
  public internal(set) var frames: [Frame]
  /// a_i, the action taken at observation i.
  public internal(set) var actions: [Int]
  /// r_i, the (training) reward received after a_i.
  public internal(set) var rewards: [Float]
  /// The self-play search's root value at observation i.
  public internal(set) var rootValues: [Float]
  /// The self-play search's visit distribution at observation i, `actionCount` per step.
  public internal(set) var policies: [Float]
  /// Moves that belong to this segment (sampled positions are 0 ..< ownLength).
  public internal(set) var ownLength: Int
  /// The episode ends after the last stored move (no look-ahead exists past `steps`).
  public internal(set) var episodeEnded: Bool
  /// The episode was cut by a time limit after the last stored move (DMControl's 1,000 steps, an
  /// Atari frame cap), not ended in a terminal state: its last observation still has a value, and
  /// value targets bootstrap from it.
  public internal(set) var endedByTimeLimit = false
  /// The training step at which the segment's moves were collected (T_collected of Eq. 12).
  public internal(set) var collectedAtTrainingStep: Int

  /// Stored moves, own and look-ahead.
  public var steps: Int { actions.count }

  init(frameSize: Int, stackedFrames: Int, actionCount: Int, collectedAtTrainingStep: Int) {
    self.frameSize = frameSize
    self.stackedFrames = stackedFrames
    self.actionCount = actionCount
    frames = []
    actions = []
    rewards = []
    rootValues = []
    policies = []
    ownLength = 0
    episodeEnded = false
    self.collectedAtTrainingStep = collectedAtTrainingStep
  }

  /// Appends the frames of observation `index` (clamped to the stored range) for positions
  /// `first ..< first + count` as consecutive frames: stackedFrames - 1 + count frames.
  func appendFrameWindow(first: Int, count: Int, into out: inout [Frame]) {
    let lastFrame = frames.count / frameSize - 1
    for f in first..<(first + stackedFrames - 1 + count) {
      // Past the last stored observation, the last frame repeats (those positions are masked).
      let index = Swift.min(f, lastFrame)
      out.append(contentsOf: frames[(index * frameSize)..<((index + 1) * frameSize)])
    }
  }
}
