import Environments
import Torch

/// What one self-play move in every environment produced: the segments it completed and the episodes it ended.
struct CollectedMoves<Frame: TensorElement> {
  var segments: [GameSegment<Frame>]
  var episodes: [EpisodeSummary]
}

/// Self-play for the replay buffer under the collection cap of App. A.4: random moves for the
/// warm-up, searched moves after it, at most `environmentStepsPerTrainingStep` per training step.
/// One thread owns it (in concurrent mode, the self-play thread).
final class Collector<Env: Environment> where Env.Scalar: TensorElement {
  let selfPlay: SelfPlay<Env>
  let config: TrainingConfig
  /// Environment steps taken when training started (the end of the random warm-up).
  var trainingStartedAt: Int?

  init(selfPlay: SelfPlay<Env>, config: TrainingConfig) {
    self.selfPlay = selfPlay
    self.config = config
  }

  var environmentSteps: Int { selfPlay.environmentSteps }
  /// No environment step is left in the run's budget (`max_environment_steps`).
  var isExhausted: Bool { selfPlay.environmentSteps >= config.maxEnvironmentSteps }

  /// Marks the end of the warm-up (the first call only) and returns when it ended.
  @discardableResult
  func startTraining() -> Int {
    let started = trainingStartedAt ?? selfPlay.environmentSteps
    trainingStartedAt = started
    return started
  }

  /// Whether the cap allows a searched move while the learner is at `trainingStep` (false before
  /// `startTraining()`).
  func mayPlay(trainingStep: Int) -> Bool {
    guard let started = trainingStartedAt else { return false }
    return config.mayCollect(
      environmentSteps: selfPlay.environmentSteps, trainingSteps: trainingStep, trainingStartedAt: started)
  }

  /// One move in every environment: random during the warm-up, searched with the self-play network after it.
  func play(trainingStep: Int, randomActions: Bool) throws -> CollectedMoves<Env.Scalar> {
    let (segments, episodes) = try selfPlay.step(
      trainingStep: trainingStep, temperature: config.temperature(atTrainingStep: trainingStep),
      randomActions: randomActions)
    return CollectedMoves(segments: segments, episodes: episodes)
  }
}

/// What the learner's side reads of collection: the finished episodes and copies of self-play's
/// counters, updated after each move (under the pipeline's lock when threads run), so the
/// learner's thread never reads a counter that self-play is writing.
struct CollectionRecord {
  var episodes: [EpisodeSummary] = []
  var environmentSteps = 0
  var searchDepth: Float = 0
  var moves = MoveStatistics(actionCount: 0)

  /// Stores a move's segments in `replay` and records its episodes and self-play's counters.
  mutating func store<Env>(_ moves: CollectedMoves<Env.Scalar>, from collector: Collector<Env>, in replay: ReplayBuffer<Env.Scalar>) {
    for segment in moves.segments { replay.add(segment) }
    episodes += moves.episodes
    copyCounters(of: collector)
  }

  /// Copies self-play's counters.
  mutating func copyCounters<Env>(of collector: Collector<Env>) {
    environmentSteps = collector.selfPlay.environmentSteps
    searchDepth = collector.selfPlay.lastMeanDepth
    moves = collector.selfPlay.moves
  }
}
