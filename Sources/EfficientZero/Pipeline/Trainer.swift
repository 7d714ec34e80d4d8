import Environments
import Foundation
import Search
import Torch

/// Figures of the latest progress interval.
public struct TrainingProgress: Sendable {
  public var trainingStep: Int
  public var environmentSteps: Int
  public var replayMoves: Int
  public var losses: LossTerms
  public var learningRate: Double
  public var recentReturns: [Double]
  /// Mean gradient norm (before clipping) over the interval.
  public var gradientNorm: Double
  /// Mean depth of the latest self-play search.
  public var searchDepth: Double
  /// Mean and largest priority in replay.
  public var priorityMean: Double
  public var priorityMax: Double
  public var seconds: Double
  /// Wall time since the previous report (or since training began, for the first one).
  public var intervalSeconds: Double
  /// Training steps in this interval.
  public var stepsInInterval: Int
  /// Wall time per phase since the previous report.
  public var phases: PhaseTimes
}

/// Seconds spent in each phase of the loop.
public struct PhaseTimes: Sendable {
  public var selfPlay = 0.0
  public var reanalyze = 0.0
  public var learner = 0.0
  public init() {}
}

extension Duration {
  /// The duration in seconds, as one Double.
  public var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}

/// The synchronous EfficientZero loop (App. A.4, Fig. 6 in one thread, fixed order, so a seed
/// fixes the run): self-play until the collection cap allows no more, then sample, reanalyse with
/// the target network, train, update priorities; refresh the self-play network on its interval.
public final class Trainer<Env: Environment> where Env.Scalar: TensorElement {
  public let config: TrainingConfig
  public let learner: Learner
  public let replay: ReplayBuffer<Env.Scalar>
  let selfPlay: SelfPlay<Env>
  var reanalyzer: Reanalyzer<Env.Scalar>
  let frameShape: [Int]
  let makeEvaluationEnvironment: (Int) throws -> Env
  var sampler: SearchRandom
  public internal(set) var episodes: [EpisodeSummary] = []
  var phases = PhaseTimes()
  let clock = ContinuousClock()
  /// Self-play figures as the progress reports read them. Self-play writes its own counters while
  /// it plays; these copies are updated after each move (under the pipeline's lock when threads run),
  /// so the learner's thread never reads a counter that self-play is writing.
  var collected = (environmentSteps: 0, searchDepth: Float(0))

  public init(
    config: TrainingConfig, makeTrainingEnvironment: (Int) throws -> Env,
    makeEvaluationEnvironment: @escaping (Int) throws -> Env
  ) throws {
    try config.validate()
    self.config = config
    if config.threads > 0 { Torch.threads = config.threads }
    let seeds = RunSeeds(config.seed)
    Torch.manualSeed(seeds.initialisation)
    let initGenerator = try Generator(seed: seeds.initialisation)
    let network = try EfficientZeroNetwork(config.network, generator: initGenerator)
    learner = try Learner(network: network, lossConfig: config.loss, optimizerConfig: config.optimizer, seed: seeds.learner)
    replay = ReplayBuffer(capacity: config.replayCapacity, alpha: config.priorityAlpha)
    let environments = try VectorEnvironment(
      count: config.selfPlayEnvironments, workers: min(config.selfPlayEnvironments, 2), make: makeTrainingEnvironment)
    let selfPlayNetwork = try EfficientZeroNetwork(config.network)
    try selfPlayNetwork.copyState(from: network)
    var search = config.search
    search.rootNoise = config.search.rootNoise
    selfPlay = try SelfPlay(
      environments: environments, network: selfPlayNetwork, search: search, segmentLength: config.segmentLength,
      lookAhead: config.unrollSteps + config.targets.tdSteps, seed: seeds.selfPlay)
    if config.selfPlayThreads > 0 { selfPlay.searchThreads = config.selfPlayThreads }
    let spec = environments.observationSpec
    frameShape = [spec.shape[0] / spec.stackedFrames] + spec.shape.dropFirst()
    reanalyzer = Reanalyzer(config: config.targets, search: search, chunkSize: config.reanalyzeChunk, seed: seeds.reanalysis)
    reanalyzer.reusesSearches = config.reanalyzeReuse
    self.makeEvaluationEnvironment = makeEvaluationEnvironment
    sampler = SearchRandom(seed: seeds.replaySampler.seed, stream: seeds.replaySampler.stream)
  }

  public var trainingStep: Int { learner.step }
  public var environmentSteps: Int { selfPlay.environmentSteps }

  /// Environment steps taken when training started (after the random warm-up).
  var trainingStartedAt: Int?
  /// Loss sums since the last progress report (kept across `run` calls so intervals stay whole).
  var progressSums: LossTerms?
  var progressCount = 0
  var gradientNormSum = 0.0
  lazy var startedAt = clock.now
  /// When the current progress interval began (set when training starts, then at each report).
  var intervalStartedAt: ContinuousClock.Instant?

  /// Training has reached `training_steps`.
  public var isFinished: Bool { learner.step >= config.trainingSteps }

  /// The training step a call to `run(until:progress:shouldStop:)` should stop at: the next multiple of `interval`, or the end.
  public func nextStop(every interval: Int) -> Int {
    let end = config.trainingSteps
    guard interval > 0 else { return end }
    return Swift.min(end, (learner.step / interval + 1) * interval)
  }

  /// Self-play moves: random ones until replay holds `startTransitions` moves, then searched ones
  /// until the cap of App. A.4 stops them.
  func collect() throws {
    while selfPlay.environmentSteps < config.maxEnvironmentSteps {
      let warmingUp = replay.moveCount < config.startTransitions
      if !warmingUp {
        let started = trainingStartedAt ?? selfPlay.environmentSteps
        trainingStartedAt = started
        guard
          config.mayCollect(
            environmentSteps: selfPlay.environmentSteps, trainingSteps: learner.step, trainingStartedAt: started)
        else { break }
      }
      try collectOneStep(randomActions: warmingUp)
    }
  }

  /// One self-play move in every environment, stored in replay.
  func collectOneStep(randomActions: Bool) throws {
    let begin = clock.now
    let (segments, finished) = try selfPlay.step(
      trainingStep: learner.step, temperature: config.temperature(atTrainingStep: learner.step), randomActions: randomActions)
    for s in segments { replay.add(s) }
    episodes += finished
    publishCollected()
    phases.selfPlay += (clock.now - begin).seconds
  }

  /// Copies self-play's counters into `collected`.
  func publishCollected() {
    collected = (selfPlay.environmentSteps, selfPlay.lastMeanDepth)
  }

  func appendEpisodes(_ finished: [EpisodeSummary]) { episodes += finished }

  /// Fills replay with random moves up to `startTransitions` (the warm-up before training).
  public func warmUp() throws {
    while replay.moveCount < config.startTransitions && selfPlay.environmentSteps < config.maxEnvironmentSteps {
      try collectOneStep(randomActions: true)
    }
  }

  /// One timed iteration of the synchronous loop: one searched self-play move in every
  /// environment, then one training step. Returns the time of each phase.
  public func timedIteration() throws -> (phases: PhaseTimes, searchedPositions: Int) {
    phases = PhaseTimes()
    try collectOneStep(randomActions: false)
    _ = try trainStep()
    return (phases, reanalyzer.lastSearchedPositions)
  }

  /// One training step: sample, reanalyse, learn, update priorities.
  public func trainStep() throws -> LearnerStepReport {
    let beta = config.priorityBeta(atTrainingStep: learner.step)
    let begin = clock.now
    let (keys, weights) = replay.sample(count: config.batchSize, beta: beta, using: &sampler)
    let batch = try reanalyzer.makeBatch(
      keys: keys, weights: weights, replay: replay, target: learner.target, now: learner.step,
      targetVersion: learner.step / config.optimizer.targetUpdateInterval, frameShape: frameShape)
    let middle = clock.now
    let report = try learner.train(on: batch)
    replay.updatePriorities(keys, report.priorities)
    phases.reanalyze += (middle - begin).seconds
    phases.learner += (clock.now - middle).seconds
    if learner.step % config.selfPlayUpdateInterval == 0 { try selfPlay.network.copyState(from: learner.network) }
    return report
  }

  /// Trains until `stepLimit` (default: `training_steps`) or until `shouldStop` says so between two
  /// steps, calling `progress` every `logInterval` steps. Calling it again continues the same run.
  public func run(
    until stepLimit: Int? = nil, progress: (TrainingProgress) throws -> Void = { _ in }, shouldStop: () -> Bool = { false }
  ) throws {
    let limit = Swift.min(stepLimit ?? config.trainingSteps, config.trainingSteps)
    while learner.step < limit && !shouldStop() {
      try collect()
      guard replay.moveCount >= config.startTransitions else {
        // Collection has ended before enough moves were stored.
        throw TrainingError(
          "only \(replay.moveCount) moves were collected (max_environment_steps \(config.maxEnvironmentSteps)), "
            + "fewer than start_transitions \(config.startTransitions)")
      }
      markTrainingStart()
      let report = try trainStep()
      if let due = accumulate(report) { try progress(due) }
    }
  }

  /// Starts the clocks of the progress figures (once; later calls continue the same interval).
  func markTrainingStart() {
    _ = startedAt
    if intervalStartedAt == nil { intervalStartedAt = clock.now }
  }

  /// Adds a step's losses to the interval's sums; every `logInterval` steps returns the interval's
  /// progress and restarts the sums.
  func accumulate(_ report: LearnerStepReport) -> TrainingProgress? {
    progressSums = (progressSums ?? .zero(report.losses.rewardModel)) + report.losses
    gradientNormSum += report.gradientNorm
    progressCount += 1
    guard learner.step % config.logInterval == 0 || learner.step == config.trainingSteps else { return nil }
    let current = TrainingProgress(
      trainingStep: learner.step, environmentSteps: collected.environmentSteps, replayMoves: replay.moveCount,
      losses: (progressSums ?? report.losses) / Double(progressCount), learningRate: report.learningRate,
      recentReturns: episodes.suffix(10).map(\.rawReturn), gradientNorm: gradientNormSum / Double(progressCount),
      searchDepth: Double(collected.searchDepth), priorityMean: replay.meanPriority, priorityMax: replay.largestPriority,
      seconds: (clock.now - startedAt).seconds, intervalSeconds: (clock.now - (intervalStartedAt ?? startedAt)).seconds,
      stepsInInterval: progressCount, phases: phases)
    intervalStartedAt = clock.now
    phases = PhaseTimes()
    progressSums = nil
    progressCount = 0
    gradientNormSum = 0
    return current
  }

  /// The evaluation protocol on the learner's current network; `maxSteps` cuts episodes (periodic
  /// evaluations during training use `evaluation_max_steps`, the final one plays whole games).
  public func evaluate(episodes: Int, maxSteps: Int? = nil) throws -> [Double] {
    try Evaluation.run(
      network: learner.network, search: config.search, episodes: episodes, maxSteps: maxSteps,
      makeEnvironment: makeEvaluationEnvironment)
  }

  /// A periodic evaluation during training: `evaluation_episodes` episodes cut at `evaluation_max_steps`.
  public func evaluatePeriodically() throws -> [Double] {
    try evaluate(episodes: config.evaluationEpisodes, maxSteps: config.evaluationMaxSteps)
  }
}
