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
  /// Means over the interval of the sampled positions' predicted value and value target.
  public var valueMean = 0.0
  public var valueTargetMean = 0.0
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
  /// Self-play's searched moves since the previous report: action shares, prior entropy.
  public var moves: MoveStatistics
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
/// fixes the run): collect until the collection cap allows no more, then draw a batch, reanalyse
/// it with the target network, train, update priorities; refresh the self-play network on its
/// interval. Its parts (collector, batch maker, learner, progress meter) are the ones the
/// concurrent pipeline gives each to its own thread.
public final class Trainer<Env: Environment> where Env.Scalar: TensorElement {
  public let config: TrainingConfig
  public let learner: Learner
  public let replay: ReplayBuffer<Env.Scalar>
  let collector: Collector<Env>
  var batches: BatchMaker<Env.Scalar>
  var record = CollectionRecord()
  var meter = ProgressMeter()
  let makeEvaluationEnvironment: (Int) throws -> Env

  public init(
    config: TrainingConfig, makeTrainingEnvironment: (Int) throws -> Env,
    makeEvaluationEnvironment: @escaping (Int) throws -> Env
  ) throws {
    try config.validate()
    try config.torchDevice.checkUsable()
    self.config = config
    if config.threads > 0 { Torch.threads = config.threads }
    if config.torchDevice != .cpu { Torch.setCuDNNBenchmark(true) }
    let seeds = RunSeeds(config.seed)
    Torch.manualSeed(seeds.initialisation)
    let initGenerator = try Generator(seed: seeds.initialisation)
    let network = try EfficientZeroNetwork.prepared(for: config, generator: initGenerator)
    learner = try Learner(
      network: network, lossConfig: config.loss, optimizerConfig: config.optimizer, shared: config.shared, seed: seeds.learner)
    replay = ReplayBuffer(capacity: config.replayCapacity, alpha: config.priorityAlpha)
    let environments = try VectorEnvironment(
      count: config.selfPlayEnvironments, workers: min(config.selfPlayEnvironments, 2), make: makeTrainingEnvironment)
    let selfPlayNetwork = try EfficientZeroNetwork(config.network)
    try selfPlayNetwork.place(like: network)
    try selfPlayNetwork.copyState(from: network)
    let selfPlay = try SelfPlay(
      environments: environments, network: selfPlayNetwork, search: config.searchConfiguration, segmentLength: config.segmentLength,
      lookAhead: config.unrollSteps + config.targets.tdSteps, seed: seeds.selfPlay)
    if config.selfPlayThreads > 0 { selfPlay.searchThreads = config.selfPlayThreads }
    collector = Collector(selfPlay: selfPlay, config: config)
    let spec = environments.observationSpec
    batches = BatchMaker(
      config: config, frameShape: [spec.shape[0] / spec.stackedFrames] + spec.shape.dropFirst(),
      reanalysisSeed: seeds.reanalysis, sampler: SearchRandom(seed: seeds.replaySampler.seed, stream: seeds.replaySampler.stream))
    self.makeEvaluationEnvironment = makeEvaluationEnvironment
  }

  public var trainingStep: Int { learner.step }
  public var environmentSteps: Int { collector.environmentSteps }
  /// Self-play episodes finished so far.
  public var episodes: [EpisodeSummary] { record.episodes }
  var selfPlay: SelfPlay<Env> { collector.selfPlay }

  /// Training has reached `training_steps`.
  public var isFinished: Bool { learner.step >= config.trainingSteps }

  /// The training step a call to `run(until:progress:shouldStop:)` should stop at: the next multiple of `interval`, or the end.
  public func nextStop(every interval: Int) -> Int {
    let end = config.trainingSteps
    guard interval > 0 else { return end }
    return Swift.min(end, (learner.step / interval + 1) * interval)
  }

  /// Trains until `stepLimit` (default: `training_steps`) or until `shouldStop` says so between two
  /// steps, calling `progress` every `logInterval` steps. Calling it again continues the same run.
  public func run(
    until stepLimit: Int? = nil, progress: (TrainingProgress) throws -> Void = { _ in }, shouldStop: () -> Bool = { false }
  ) throws {
    let limit = Swift.min(stepLimit ?? config.trainingSteps, config.trainingSteps)
    while learner.step < limit && !shouldStop() {
      try collect()
      try checkWarmedUp()
      meter.start()
      let report = try trainStep()
      let due = meter.add(report, trainingStep: learner.step, config: config, record: record, replay: replay)
      if let due { try progress(due) }
    }
  }

  /// Self-play moves: random ones until replay holds `start_transitions` moves, then searched ones
  /// until the cap of App. A.4 stops them.
  func collect() throws {
    while !collector.isExhausted {
      let warmingUp = replay.moveCount < config.startTransitions
      if !warmingUp {
        collector.startTraining()
        if !collector.mayPlay(trainingStep: learner.step) { break }
      }
      try collectOneStep(randomActions: warmingUp)
    }
  }

  /// One self-play move in every environment, stored in replay.
  func collectOneStep(randomActions: Bool) throws {
    let begin = meter.clock.now
    let moves = try collector.play(trainingStep: learner.step, randomActions: randomActions)
    record.store(moves, from: collector, in: replay)
    meter.time(\.selfPlay, since: begin)
  }

  /// Fills replay with random moves up to `start_transitions` (the warm-up before training).
  public func warmUp() throws {
    while replay.moveCount < config.startTransitions && !collector.isExhausted {
      try collectOneStep(randomActions: true)
    }
  }

  /// Fails when collection has ended before the warm-up stored `start_transitions` moves.
  func checkWarmedUp() throws {
    guard replay.moveCount >= config.startTransitions else {
      throw TrainingError(
        "only \(replay.moveCount) moves were collected (max_environment_steps \(config.maxEnvironmentSteps)), "
          + "fewer than start_transitions \(config.startTransitions)")
    }
  }

  /// One timed iteration of the synchronous loop: one searched self-play move in every
  /// environment, then one training step. Returns the time of each phase.
  public func timedIteration() throws -> (phases: PhaseTimes, searchedPositions: Int, valueOnlyPositions: Int) {
    meter.phases = PhaseTimes()
    try collectOneStep(randomActions: false)
    _ = try trainStep()
    return (meter.phases, batches.reanalyzer.lastSearchedPositions, batches.reanalyzer.lastValueOnlyPositions)
  }

  /// One training step: draw, reanalyse, learn, update priorities.
  public func trainStep() throws -> LearnerStepReport {
    let begin = meter.clock.now
    let draw = batches.draw(from: replay, trainingStep: learner.step)
    let batch = try batches.batch(
      for: draw, target: learner.target, targetVersion: learner.step / config.optimizer.targetUpdateInterval)
    let middle = meter.time(\.reanalyze, since: begin)
    let report = try learner.train(on: batch)
    replay.updatePriorities(draw.keys, report.priorities)
    meter.time(\.learner, since: middle)
    if learner.step % config.selfPlayUpdateInterval == 0 { try selfPlay.network.copyState(from: learner.network) }
    return report
  }

  /// The evaluation protocol on the learner's current network; `maxSteps` cuts episodes (periodic
  /// evaluations during training use `evaluation_max_steps`, the final one plays whole games).
  public func evaluate(episodes: Int, maxSteps: Int? = nil) throws -> [Double] {
    try Evaluation.run(
      network: learner.network, search: config.searchConfiguration, episodes: episodes, maxSteps: maxSteps,
      makeEnvironment: makeEvaluationEnvironment)
  }

  /// A periodic evaluation during training: `evaluation_episodes` episodes cut at `evaluation_max_steps`.
  public func evaluatePeriodically() throws -> [Double] {
    try evaluate(episodes: config.evaluationEpisodes, maxSteps: config.evaluationMaxSteps)
  }
}
