/// Sums the learner's steps between two progress reports and times the loop's phases: the
/// figures of `TrainingProgress`. The learner's thread owns it.
struct ProgressMeter {
  let clock = ContinuousClock()
  /// Seconds spent in each phase since the last report.
  var phases = PhaseTimes()
  private var sums: LossTerms?
  private var count = 0
  private var gradientNormSum = 0.0
  private var valueSum = 0.0
  private var valueTargetSum = 0.0
  private var startedAt: ContinuousClock.Instant?
  private var intervalStartedAt: ContinuousClock.Instant?
  /// Self-play's moves at the previous report.
  private var movesBefore: MoveStatistics?

  /// Starts the clocks (the first call; later calls continue the same interval).
  mutating func start() {
    if startedAt == nil { startedAt = clock.now }
    if intervalStartedAt == nil { intervalStartedAt = clock.now }
  }

  /// Adds a step's losses to the interval's sums; every `log_interval` steps (and at the last one)
  /// returns the interval's progress and starts a new interval.
  mutating func add<Frame>(
    _ report: LearnerStepReport, trainingStep: Int, config: TrainingConfig, record: CollectionRecord,
    replay: ReplayBuffer<Frame>
  ) -> TrainingProgress? {
    start()
    sums = (sums ?? .zero(report.losses.rewardModel)) + report.losses
    gradientNormSum += report.gradientNorm
    valueSum += report.valueMean
    valueTargetSum += report.valueTargetMean
    count += 1
    guard trainingStep % config.logInterval == 0 || trainingStep == config.trainingSteps else { return nil }
    let now = clock.now
    let current = TrainingProgress(
      trainingStep: trainingStep, environmentSteps: record.environmentSteps, replayMoves: replay.moveCount,
      losses: (sums ?? report.losses) / Double(count), learningRate: report.learningRate,
      recentReturns: record.episodes.suffix(10).map(\.rawReturn), gradientNorm: gradientNormSum / Double(count),
      valueMean: valueSum / Double(count), valueTargetMean: valueTargetSum / Double(count),
      searchDepth: Double(record.searchDepth), priorityMean: replay.meanPriority, priorityMax: replay.largestPriority,
      seconds: (now - (startedAt ?? now)).seconds, intervalSeconds: (now - (intervalStartedAt ?? now)).seconds,
      stepsInInterval: count, phases: phases,
      moves: movesBefore.map { record.moves.since($0) } ?? record.moves)
    movesBefore = record.moves
    intervalStartedAt = now
    phases = PhaseTimes()
    sums = nil
    count = 0
    gradientNormSum = 0
    valueSum = 0
    valueTargetSum = 0
    return current
  }

  /// Adds the time since `begin` to one phase and returns now.
  @discardableResult
  mutating func time(_ phase: WritableKeyPath<PhaseTimes, Double>, since begin: ContinuousClock.Instant) -> ContinuousClock.Instant {
    let now = clock.now
    phases[keyPath: phase] += (now - begin).seconds
    return now
  }
}
