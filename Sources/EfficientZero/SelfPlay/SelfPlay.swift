import Environments
import Search
import Torch

/// A finished self-play episode.
public struct EpisodeSummary: Sendable, Codable, Equatable {
  /// Sum of the unclipped rewards.
  public var rawReturn: Double
  /// Sum of the training rewards.
  public var trainingReturn: Double
  public var length: Int
}

/// N environments played together by one batched search per step (App. A.4), writing game segments.
public final class SelfPlay<Env: Environment> where Env.Scalar: TensorElement {
  public typealias Frame = Env.Scalar
  let environments: VectorEnvironment<Env>
  public let network: EfficientZeroNetwork
  var searcher: NetworkSearcher
  var builders: [SegmentBuilder<Frame>]
  let observationShape: [Int]
  var random: SearchRandom
  var rawReturns: [Double]
  var trainingReturns: [Double]
  var lengths: [Int]
  public internal(set) var environmentSteps = 0
  /// Search statistics of the latest step.
  public private(set) var lastMeanDepth: Float = 0
  /// The searched moves so far (not the random warm-up's).
  public private(set) var moves: MoveStatistics
  /// libtorch threads while searching (nil: leave the setting alone). Small batches run faster on
  /// one thread than on a pool that must be woken for every operation.
  public var searchThreads: Int?

  public init(
    environments: VectorEnvironment<Env>, network: EfficientZeroNetwork, search: SearchConfig,
    segmentLength: Int, lookAhead: Int, seed: UInt64
  ) throws {
    self.environments = environments
    moves = MoveStatistics(actionCount: environments.actionSpace.count)
    self.network = network
    searcher = NetworkSearcher(network: network, configuration: search)
    let spec = environments.observationSpec
    observationShape = spec.shape
    let stack = spec.stackedFrames
    guard stack == network.config.stackedFrames, spec.count % stack == 0 else {
      throw ConfigError(
        "the environment stacks \(stack) frames, the network expects \(network.config.stackedFrames)")
    }
    guard environments.actionSpace.count == network.config.actionCount else {
      throw ConfigError(
        "the environment has \(environments.actionSpace.count) actions, the network \(network.config.actionCount)")
    }
    builders = (0..<environments.count).map { _ in
      SegmentBuilder(
        segmentLength: segmentLength, lookAhead: lookAhead, frameSize: spec.count / stack, stackedFrames: stack,
        actionCount: environments.actionSpace.count)
    }
    random = SearchRandom(seed: seed, stream: RunSeeds.Stream.selfPlay)
    rawReturns = Array(repeating: 0, count: environments.count)
    trainingReturns = rawReturns
    lengths = Array(repeating: 0, count: environments.count)
    try restartEpisodes(seed: seed, trainingStep: 0)
  }

  /// Starts a new episode in every environment (environment i from seed + i), dropping the moves of
  /// unfinished ones.
  public func restartEpisodes(seed: UInt64, trainingStep: Int) throws {
    try environments.reset(seeds: (0..<environments.count).map { seed &+ UInt64($0) })
    for i in 0..<environments.count {
      builders[i].begin(observation: environments.observation(i), trainingStep: trainingStep)
      rawReturns[i] = 0
      trainingReturns[i] = 0
      lengths[i] = 0
    }
  }

  /// One move in every environment: a search (or a uniformly random action while `randomActions`),
  /// then the environment step. Returns the segments completed and the episodes finished.
  public func step(
    trainingStep: Int, temperature: Float, randomActions: Bool
  ) throws -> (segments: [GameSegment<Frame>], episodes: [EpisodeSummary]) {
    let n = environments.count
    let a = environments.actionSpace.count
    var actions = [Int](repeating: 0, count: n)
    var rootValues = [Float](repeating: 0, count: n)
    var policies = [Float](repeating: 1 / Float(a), count: n * a)
    if randomActions {
      for i in 0..<n { actions[i] = random.below(a) }
    } else {
      let obs = try Tensor(
        copying: environments.observations, shape: [n] + observationShape, pinned: searcher.network.device != .cpu)
      let previousThreads = Torch.threads
      if let searchThreads { Torch.threads = searchThreads }
      defer { Torch.threads = previousThreads }
      searcher.configuration = searcher.configuration.withTemperature(temperature)
      let (output, _, priorLogits) = try searcher.run(observations: obs, seed: random.next())
      actions = output.actions
      moves.add(actions: actions, priorLogits: priorLogits)
      rootValues = output.rootValues
      lastMeanDepth = output.meanDepths.reduce(0, +) / Float(n)
      // The stored policy target: the visit distribution (PUCT) or the improved policy (Gumbel).
      policies = output.policyTargets
    }
    try environments.step(actions)
    environmentSteps += n
    var segments: [GameSegment<Frame>] = []
    var episodes: [EpisodeSummary] = []
    let results = environments.results
    for i in 0..<n {
      let r = results[i]
      rawReturns[i] += r.info.rawReward
      trainingReturns[i] += r.reward
      lengths[i] += 1
      let next = r.done ? environments.finalObservation(i) : environments.observation(i)
      segments += policies.withUnsafeBufferPointer { p in
        builders[i].record(
          action: actions[i], reward: Float(r.reward), rootValue: rootValues[i],
          policy: UnsafeBufferPointer(rebasing: p[(i * a)..<((i + 1) * a)]), nextObservation: next, done: r.done,
          truncated: r.truncated && !r.terminated, trainingStep: trainingStep)
      }
      if r.done {
        episodes.append(EpisodeSummary(rawReturn: rawReturns[i], trainingReturn: trainingReturns[i], length: lengths[i]))
        rawReturns[i] = 0
        trainingReturns[i] = 0
        lengths[i] = 0
        builders[i].begin(observation: environments.observation(i), trainingStep: trainingStep)
      }
    }
    return (segments, episodes)
  }
}
