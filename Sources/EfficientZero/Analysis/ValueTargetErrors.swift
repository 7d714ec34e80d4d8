import Foundation
import Search
import Torch

/// The error of value targets with and without the off-policy correction (the paper's Tables 4 and 5):
/// stored positions grouped by when they were collected, their targets made as the learner makes them
/// at training step `now` (Eq. 12 with the correction; the fixed n-step target bootstrapped from the
/// network's value without it), against the discounted return of the rest of their episode.
public struct ValueTargetErrors: Sendable, Equatable {
  public struct Row: Sendable, Equatable {
    /// Positions collected at training steps firstStep ..< endStep.
    public var firstStep: Int
    public var endStep: Int
    public var positions: Int
    /// Mean |z_t - G_t| of the sampled positions, with and without the correction.
    public var currentWith: Double
    public var currentWithout: Double
    /// Mean z_t - G_t of the same positions (negative: the targets underestimate the return).
    public var biasWith: Double = 0
    public var biasWithout: Double = 0
    /// The same over their unrolled next states t + 1 ... t + unroll (those inside the episode).
    public var unrolledWith: Double?
    public var unrolledWithout: Double?
    public var unrolledPositions: Int
  }

  public var rows: [Row]

  /// `stages` groups of equal collection-step width over 0 ..< now, at most `perStage` positions each
  /// (uniformly drawn among those whose return is known: the episode ended in a terminal state, or its
  /// stored rest carries all but 1% of the discount weight).
  public static func measure<Frame: TensorElement>(
    segments: [GameSegment<Frame>], network: EfficientZeroNetwork, targets: ValueTargetRule, search: SearchConfig,
    now: Int, frameShape: [Int], stages: Int = 3, perStage: Int = 256, seed: UInt64 = 0
  ) throws -> ValueTargetErrors {
    precondition(stages >= 1 && perStage >= 1 && now >= 1)
    let tail = PredictionErrors.knownReturnTail(discount: targets.shared.discount)
    // Every stored own move with a known return: (segment, position, index in its episode, returns).
    var truth: [ReplayKey: Double] = [:]
    var candidates = [[ReplayKey]](repeating: [], count: stages)
    for episode in StoredEpisode.link(segments) {
      let returns = episode.discountedReturns(discount: targets.shared.discount)
      for (n, i) in episode.segments.enumerated() {
        let segment = segments[i]
        for t in 0..<segment.ownLength {
          let s = episode.offsets[n] + t
          guard episode.terminated || returns.count - s >= tail else { continue }
          let key = ReplayKey(segment: i, position: t)
          truth[key] = returns[s]
          let stage = min(stages - 1, max(0, segment.collectedAtTrainingStep * stages / now))
          candidates[stage].append(key)
        }
        // Look-ahead moves are the next segment's own: their returns are known through it.
        for t in segment.ownLength..<segment.steps where episode.offsets[n] + t < returns.count {
          if episode.terminated || returns.count - (episode.offsets[n] + t) >= tail {
            truth[ReplayKey(segment: i, position: t)] = returns[episode.offsets[n] + t]
          }
        }
      }
    }
    var random = SearchRandom(seed: seed, stream: RunSeeds.Stream.analysisSamples)
    var without = targets
    without.settings.dynamicHorizon = false
    without.settings.rootValue = false
    var corrected = targets
    corrected.settings.reanalyzedPolicyRatio = 0
    without.settings.reanalyzedPolicyRatio = 0
    var rows: [Row] = []
    for (stage, keys) in candidates.enumerated() {
      var pool = keys
      var chosen: [ReplayKey] = []
      while !pool.isEmpty && chosen.count < perStage { chosen.append(pool.removeSwapping(at: random.below(pool.count))) }
      let first = stage * now / stages, end = stage == stages - 1 ? now : (stage + 1) * now / stages
      guard !chosen.isEmpty else {
        rows.append(
          Row(firstStep: first, endStep: end, positions: 0, currentWith: .nan, currentWithout: .nan, biasWith: .nan, biasWithout: .nan,
            unrolledPositions: 0))
        continue
      }
      let batchSegments = chosen.map { segments[$0.segment] }
      func values(_ rule: ValueTargetRule) throws -> [Float] {
        var reanalyzer = Reanalyzer<Frame>(rule: rule, search: search, seed: seed)
        return try reanalyzer.makeBatch(
          keys: chosen, segments: batchSegments, weights: [Float](repeating: 1, count: chosen.count), target: network,
          now: now, frameShape: frameShape
        ).valueTargets
      }
      let with = try values(corrected), plain = try values(without)
      let unroll = targets.shared.unrollSteps
      var row = Row(firstStep: first, endStep: end, positions: chosen.count, currentWith: 0, currentWithout: 0, unrolledPositions: 0)
      var unrolledWith = 0.0, unrolledWithout = 0.0
      for (i, key) in chosen.enumerated() {
        for k in 0...unroll {
          guard let g = truth[ReplayKey(segment: key.segment, position: key.position + k)] else { continue }
          let a = abs(Double(with[i * (unroll + 1) + k]) - g), b = abs(Double(plain[i * (unroll + 1) + k]) - g)
          if k == 0 {
            row.currentWith += a / Double(chosen.count)
            row.currentWithout += b / Double(chosen.count)
            row.biasWith += (Double(with[i * (unroll + 1)]) - g) / Double(chosen.count)
            row.biasWithout += (Double(plain[i * (unroll + 1)]) - g) / Double(chosen.count)
          } else {
            unrolledWith += a
            unrolledWithout += b
            row.unrolledPositions += 1
          }
        }
      }
      if row.unrolledPositions > 0 {
        row.unrolledWith = unrolledWith / Double(row.unrolledPositions)
        row.unrolledWithout = unrolledWithout / Double(row.unrolledPositions)
      }
      rows.append(row)
    }
    return ValueTargetErrors(rows: rows)
  }

  /// The segments of a checkpoint's replay (`replay.bin`), oldest first.
  public static func storedSegments<Frame: TensorElement>(
    checkpoint folder: URL, config: TrainingConfig, as _: Frame.Type = Frame.self
  ) throws -> [GameSegment<Frame>] {
    let replay = ReplayBuffer<Frame>(capacity: config.replayCapacity, alpha: config.priorityAlpha)
    try ReplayArchive.read(
      from: folder.appendingPathComponent("replay.bin").path, into: replay, frameSize: config.network.frameShape.reduce(1, *),
      stackedFrames: config.network.stackedFrames)
    return replay.segments
  }
}

extension Array {
  /// Removes the element at `index` by moving the last one into its place (order is not kept).
  fileprivate mutating func removeSwapping(at index: Int) -> Element {
    swapAt(index, count - 1)
    return removeLast()
  }
}
