import Search
import Torch

/// Makes training batches from replay positions with the target network (App. A.4): fresh search
/// policies for most positions, value targets with the off-policy correction of Eq. 12, value-prefix
/// targets and masks past episode ends.
public struct Reanalyzer<Frame: TensorElement> {
  public let rule: ValueTargetRule
  public var search: SearchConfig
  /// Roots searched per batched search (bounds the latent buffers: slots x chunk states).
  public var chunkSize: Int
  private var searcher: NetworkSearcher?
  var random: SearchRandom
  /// Positions the latest batch searched (value bootstraps and fresh policies, each once).
  public private(set) var lastSearchedPositions = 0
  /// Positions the latest batch evaluated by the network's value alone (bootstraps without the root value).
  public private(set) var lastValueOnlyPositions = 0
  /// Keep each position's search for as long as the target network stays the same (`reanalyze_reuse`).
  public var reusesSearches = false
  /// Searches made under the target network of version `reuseVersion`, by position (a checkpoint
  /// keeps them, so that a resumed run searches the positions the uninterrupted one searches).
  var reused: [ReplayKey: SearchResult] = [:]
  var reuseVersion: Int?

  /// What a search of one position gives the targets.
  struct SearchResult {
    var rootValue: Float
    var predicted: Float
    var policy: ArraySlice<Float>
  }

  public init(rule: ValueTargetRule, search: SearchConfig, chunkSize: Int = 512, seed: UInt64) {
    self.rule = rule
    self.search = search
    self.chunkSize = chunkSize
    random = SearchRandom(seed: seed, stream: RunSeeds.Stream.reanalysis)
  }

  /// Stacked observations of positions `positions` of `segment` as network input rows, staged in
  /// pinned memory for a network on a GPU.
  static func stackedObservations(
    _ items: [(segment: GameSegment<Frame>, position: Int)], frameShape: [Int], for network: EfficientZeroNetwork
  ) throws(TorchError) -> Tensor {
    var flat: [Frame] = []
    guard let first = items.first else { throw TorchError("no observations to stack") }
    flat.reserveCapacity(items.count * first.segment.frameSize * first.segment.stackedFrames)
    for (segment, position) in items { segment.appendFrameWindow(first: position, count: 1, into: &flat) }
    let stack = first.segment.stackedFrames
    let shape = [items.count, frameShape[0] * stack] + frameShape.dropFirst()
    return try Tensor(flat, shape: shape, pinned: network.device != .cpu)
  }

  /// A training batch for `keys` (with their importance `weights`) at training step `now`.
  /// `targetVersion` names the target network's weights (it changes at each refresh); with
  /// `reusesSearches` a position searched under the same version is not searched again.
  public mutating func makeBatch(
    keys: [ReplayKey], weights: [Float], replay: ReplayBuffer<Frame>, target: EfficientZeroNetwork, now: Int,
    targetVersion: Int = 0, frameShape: [Int]
  ) throws(TorchError) -> TrainingBatch {
    try makeBatch(
      keys: keys, segments: keys.map { replay.segment($0.segment) }, weights: weights, target: target, now: now,
      targetVersion: targetVersion, frameShape: frameShape)
  }

  /// The same, from segments already taken out of the replay (`segments[i]` holds `keys[i]`).
  public mutating func makeBatch(
    keys: [ReplayKey], segments: [GameSegment<Frame>], weights: [Float], target: EfficientZeroNetwork, now: Int,
    targetVersion: Int = 0, frameShape: [Int]
  ) throws(TorchError) -> TrainingBatch {
    let unroll = rule.shared.unrollSteps
    let actionCount = target.config.actionCount
    let horizons = keys.indices.map { rule.horizon(now: now, collected: segments[$0].collectedAtTrainingStep) }
    // As the reference: the first floor(B x ratio) samples (in random order already) get fresh policies.
    let reanalyzedCount = Int(Double(keys.count) * rule.settings.reanalyzedPolicyRatio)
    let reanalyzePolicy = keys.indices.map { $0 < reanalyzedCount }

    // Every position that needs a search (a fresh policy, or a root value to bootstrap from) or only
    // the network's value (a bootstrap without the root value), evaluated once.
    var index: [ReplayKey: Int] = [:]
    var items: [(segment: GameSegment<Frame>, position: Int)] = []
    var searched: [Bool] = []
    func need(_ i: Int, _ position: Int, search: Bool) {
      let key = ReplayKey(segment: keys[i].segment, position: position)
      if let row = index[key] {
        searched[row] = searched[row] || search
      } else {
        index[key] = items.count
        items.append((segments[i], position))
        searched.append(search)
      }
    }
    for i in keys.indices {
      let t = keys[i].position, steps = segments[i].steps
      let truncated = rule.settings.bootstrapsTimeLimits && segments[i].endedByTimeLimit
      for b in rule.bootstrapPositions(position: t, horizon: horizons[i], steps: steps, truncated: truncated) {
        need(i, b, search: rule.settings.bootstrapsFromRootValue)
      }
      if reanalyzePolicy[i] {
        for k in 0...unroll where t + k < steps { need(i, t + k, search: true) }
      }
    }
    let (searchValues, predictedValues, visitPolicies) = try evaluate(
      items, searched: searched, keys: index, target: target, version: targetVersion, frameShape: frameShape)

    var valuePrefixes: [Float] = [], values: [Float] = [], policies: [Float] = [], masks: [Float] = []
    var actions: [Int64] = []
    var frames: [Frame] = []
    let bootstrap = rule.settings.bootstrapsFromRootValue ? searchValues : predictedValues
    for i in keys.indices {
      let segment = segments[i], t = keys[i].position
      let targets = rule.targets(
        position: t, horizon: horizons[i], rewards: segment.rewards,
        truncated: rule.settings.bootstrapsTimeLimits && segment.endedByTimeLimit
      ) { position in
        bootstrap[index[ReplayKey(segment: keys[i].segment, position: position)]!]
      }
      valuePrefixes += targets.valuePrefixes
      values += targets.values
      masks += targets.masks
      for k in 0...unroll {
        let s = t + k
        if s >= segment.steps {
          policies += [Float](repeating: 0, count: actionCount)
        } else if reanalyzePolicy[i] {
          let row = index[ReplayKey(segment: keys[i].segment, position: s)]!
          policies += visitPolicies[(row * actionCount)..<((row + 1) * actionCount)]
        } else {
          policies += segment.policies[(s * actionCount)..<((s + 1) * actionCount)]
        }
      }
      for k in 0..<unroll {
        // Past the end the action is arbitrary (its terms are masked or have absorbing targets).
        actions.append(Int64(t + k < segment.steps ? segment.actions[t + k] : random.below(actionCount)))
      }
      segment.appendFrameWindow(first: t, count: unroll + 1, into: &frames)
    }
    let stack = target.config.stackedFrames
    // Staged in pinned memory for a network on a GPU, so that its copy there does not stall the host.
    let obs = try Tensor(frames, shape: [keys.count, stack + unroll] + frameShape, pinned: target.device != .cpu)
    return TrainingBatch(
      observations: obs, actions: try Tensor(actions, shape: [keys.count, unroll]), valuePrefixTargets: valuePrefixes,
      valueTargets: values, policyTargets: policies, masks: masks, weights: weights)
  }

  /// Root values, predicted values and policies of every item: a search where `searched` says so,
  /// the network's value alone elsewhere (root value = predicted value, policy zero: both unread).
  private mutating func evaluate(
    _ items: [(segment: GameSegment<Frame>, position: Int)], searched: [Bool], keys index: [ReplayKey: Int],
    target: EfficientZeroNetwork, version: Int, frameShape: [Int]
  ) throws(TorchError) -> (rootValues: [Float], predicted: [Float], policies: [Float]) {
    let searchRows = items.indices.filter { searched[$0] }
    lastValueOnlyPositions = items.count - searchRows.count
    guard searchRows.count < items.count else {
      return try evaluateReusing(items, keys: index, target: target, version: version, frameShape: frameShape)
    }
    let valueRows = items.indices.filter { !searched[$0] }
    var positionInSearch = [Int](repeating: -1, count: items.count)
    for (n, row) in searchRows.enumerated() { positionInSearch[row] = n }
    var searchIndex: [ReplayKey: Int] = [:]
    for (key, row) in index where searched[row] { searchIndex[key] = positionInSearch[row] }
    let search = try evaluateReusing(
      searchRows.map { items[$0] }, keys: searchIndex, target: target, version: version, frameShape: frameShape)
    let values = try predictedValues(valueRows.map { items[$0] }, target: target, frameShape: frameShape)
    let a = target.config.actionCount
    var rootValues = [Float](repeating: 0, count: items.count), predicted = rootValues
    var policies = [Float](repeating: 0, count: items.count * a)
    for (n, row) in searchRows.enumerated() {
      rootValues[row] = search.rootValues[n]
      predicted[row] = search.predicted[n]
      policies.replaceSubrange((row * a)..<((row + 1) * a), with: search.policies[(n * a)..<((n + 1) * a)])
    }
    for (n, row) in valueRows.enumerated() {
      rootValues[row] = values[n]
      predicted[row] = values[n]
    }
    return (rootValues, predicted, policies)
  }

  /// The target network's value of each item (initial inference only), in chunks.
  private func predictedValues(
    _ items: [(segment: GameSegment<Frame>, position: Int)], target: EfficientZeroNetwork, frameShape: [Int]
  ) throws(TorchError) -> [Float] {
    target.eval()
    var values: [Float] = []
    var start = 0
    while start < items.count {
      let chunk = Array(items[start..<Swift.min(start + chunkSize, items.count)])
      values += try target.initialInference(Self.stackedObservations(chunk, frameShape: frameShape, for: target)).values
      start += chunkSize
    }
    return values
  }

  /// `evaluate`, taking the results of positions already searched under this target version from
  /// the store when `reusesSearches` is on, and storing the new ones.
  private mutating func evaluateReusing(
    _ items: [(segment: GameSegment<Frame>, position: Int)], keys index: [ReplayKey: Int], target: EfficientZeroNetwork,
    version: Int, frameShape: [Int]
  ) throws(TorchError) -> (rootValues: [Float], predicted: [Float], policies: [Float]) {
    guard reusesSearches else {
      lastSearchedPositions = items.count
      return try searchAll(items, target: target, frameShape: frameShape)
    }
    if reuseVersion != version {
      reused.removeAll(keepingCapacity: true)
      reuseVersion = version
    }
    var keyOf = [ReplayKey](repeating: ReplayKey(segment: 0, position: 0), count: items.count)
    for (key, row) in index { keyOf[row] = key }
    let fresh = items.indices.filter { reused[keyOf[$0]] == nil }
    lastSearchedPositions = fresh.count
    let searched = try searchAll(fresh.map { items[$0] }, target: target, frameShape: frameShape)
    let a = target.config.actionCount
    for (n, row) in fresh.enumerated() {
      reused[keyOf[row]] = SearchResult(
        rootValue: searched.rootValues[n], predicted: searched.predicted[n],
        policy: searched.policies[(n * a)..<((n + 1) * a)])
    }
    var rootValues: [Float] = [], predicted: [Float] = [], policies: [Float] = []
    for row in items.indices {
      let r = reused[keyOf[row]]!
      rootValues.append(r.rootValue)
      predicted.append(r.predicted)
      policies += r.policy
    }
    return (rootValues, predicted, policies)
  }

  /// Root values and policy targets of a search at each item (with root noise, as in self-play),
  /// and the network's predicted values.
  private mutating func searchAll(
    _ items: [(segment: GameSegment<Frame>, position: Int)], target: EfficientZeroNetwork, frameShape: [Int]
  ) throws(TorchError) -> (rootValues: [Float], predicted: [Float], policies: [Float]) {
    var rootValues: [Float] = [], predicted: [Float] = [], policies: [Float] = []
    guard !items.isEmpty else { return ([], [], []) }
    if searcher == nil || searcher!.network !== target {
      searcher = NetworkSearcher(network: target, configuration: search)
    }
    var start = 0
    while start < items.count {
      let chunk = Array(items[start..<Swift.min(start + chunkSize, items.count)])
      let obs = try Self.stackedObservations(chunk, frameShape: frameShape, for: target)
      let (output, values, _) = try searcher!.run(observations: obs, seed: random.next())
      rootValues += output.rootValues
      predicted += values
      // The visit distribution (PUCT) or the improved policy (Gumbel).
      policies += output.policyTargets
      start += chunkSize
    }
    return (rootValues, predicted, policies)
  }
}
