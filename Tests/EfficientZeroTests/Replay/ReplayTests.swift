import Search
import Testing
import Torch
@testable import EfficientZero

/// Builds segments from a synthetic episode whose frame i is filled with the value i (mod 256),
/// so every stored frame says where it came from.
struct SyntheticEpisode {
  static func segments(
    length: Int, segmentLength: Int, lookAhead: Int, stack: Int = 2, frameSize: Int = 3, ends: Bool = true
  ) -> [GameSegment<UInt8>] {
    var builder = SegmentBuilder<UInt8>(
      segmentLength: segmentLength, lookAhead: lookAhead, frameSize: frameSize, stackedFrames: stack, actionCount: 2)
    // The first observation stacks frames "0" (a reset repeats its first frame).
    let first = [UInt8](repeating: 0, count: frameSize * stack)
    first.withUnsafeBufferPointer { builder.begin(observation: $0, trainingStep: 0) }
    var out: [GameSegment<UInt8>] = []
    for i in 0..<length {
      let next = (0..<stack).flatMap { j in [UInt8](repeating: UInt8(truncatingIfNeeded: Swift.max(0, i + 1 - (stack - 1 - j))), count: frameSize) }
      let policy: [Float] = [0.25, 0.75]
      out += next.withUnsafeBufferPointer { n in
        policy.withUnsafeBufferPointer { p in
          builder.record(
            action: i % 2, reward: Float(i), rootValue: Float(i) / 10, policy: p, nextObservation: n,
            done: ends && i == length - 1, trainingStep: i / 10)
        }
      }
    }
    return out
  }
}

@Suite struct ReplayTests {
  @Test func segmentsCarryTheirLookAheadAndContext() {
    let segments = SyntheticEpisode.segments(length: 25, segmentLength: 10, lookAhead: 3)
    #expect(segments.map(\.ownLength) == [10, 10, 5])
    #expect(segments.map(\.steps) == [13, 13, 5])
    #expect(segments.map(\.episodeEnded) == [false, false, true])
    // Segment 1 starts at move 10: its actions and rewards continue the episode, with look-ahead.
    #expect(segments[1].rewards == (10..<23).map(Float.init))
    #expect(segments[2].rewards == (20..<25).map(Float.init))
    // Frames: stack - 1 context frames, then one per observation: observation i of segment 1 is
    // episode observation 10 + i, whose newest frame is 10 + i.
    var window: [UInt8] = []
    segments[1].appendFrameWindow(first: 0, count: 1, into: &window)
    #expect(window == [9, 9, 9, 10, 10, 10])
    window = []
    segments[0].appendFrameWindow(first: 0, count: 3, into: &window)
    #expect(window.enumerated().filter { $0.offset % 3 == 0 }.map(\.element) == [0, 0, 1, 2])
    #expect(segments.map(\.collectedAtTrainingStep) == [0, 1, 2])
  }

  @Test func windowsPastTheEndRepeatTheLastFrame() {
    let segments = SyntheticEpisode.segments(length: 4, segmentLength: 10, lookAhead: 3)
    var window: [UInt8] = []
    segments[0].appendFrameWindow(first: 3, count: 3, into: &window)
    // Observations 3, 4 (terminal), then padding with the terminal frame.
    #expect(window.enumerated().filter { $0.offset % 3 == 0 }.map(\.element) == [2, 3, 4, 4])
  }

  @Test func prioritySamplingFollowsPriorities() {
    let replay = ReplayBuffer<UInt8>(capacity: 1000, alpha: 1)
    for s in SyntheticEpisode.segments(length: 4, segmentLength: 10, lookAhead: 3) { replay.add(s) }
    let keys = (0..<4).map { ReplayKey(segment: 0, position: $0) }
    replay.updatePriorities(keys, [1, 2, 3, 4])
    var rng = SearchRandom(seed: 1)
    var first = [0, 0, 0, 0]
    var inPair = [0, 0, 0, 0]
    let n = 20_000
    for _ in 0..<n {
      first[replay.sample(count: 1, beta: 1, using: &rng).keys[0].position] += 1
      let pair = replay.sample(count: 2, beta: 1, using: &rng).keys
      #expect(pair[0] != pair[1])
      for k in pair { inPair[k.position] += 1 }
    }
    let p = [0.1, 0.2, 0.3, 0.4]
    for i in 0..<4 {
      #expect(abs(Double(first[i]) / Double(n) - p[i]) < 0.015, "position \(i): \(first[i])")
      // Drawn without replacement: first, or second after j with probability p_j p_i / (1 - p_j).
      let pairChance = p[i] + (0..<4).filter { $0 != i }.map { p[$0] * p[i] / (1 - p[$0]) }.reduce(0, +)
      #expect(abs(Double(inPair[i]) / Double(n) - pairChance) < 0.015, "position \(i) in a pair: \(inPair[i])")
    }
    // A batch as large as the buffer holds every position once.
    #expect(Set(replay.sample(count: 4, beta: 1, using: &rng).keys) == Set(keys))
  }

  @Test func importanceWeightsByHand() {
    let replay = ReplayBuffer<UInt8>(capacity: 1000, alpha: 0.5)
    for s in SyntheticEpisode.segments(length: 2, segmentLength: 10, lookAhead: 3) { replay.add(s) }
    replay.updatePriorities([ReplayKey(segment: 0, position: 0), ReplayKey(segment: 0, position: 1)], [1, 9])
    // p^alpha = 1 and 3: P = 0.25, 0.75; w = (N P)^-beta / max w with N = 2, beta = 1: 2 and 2/3 -> 1 and 1/3
    // (the undiminished P, as the reference, although the second draw is made among those left).
    var rng = SearchRandom(seed: 3)
    for _ in 0..<20 {
      let (keys, weights) = replay.sample(count: 2, beta: 1, using: &rng)
      #expect(Set(keys.map(\.position)) == [0, 1])
      for (k, w) in zip(keys, weights) {
        let expected: Float = k.position == 0 ? 1 : 1.0 / 3
        #expect(abs(w - expected) < 1e-6)
      }
    }
    // New moves enter at the largest priority now in the buffer (9 -> p^alpha 3)...
    for s in SyntheticEpisode.segments(length: 1, segmentLength: 10, lookAhead: 3) { replay.add(s) }
    #expect(abs(replay.scaledPriority(ReplayKey(segment: 1, position: 0)) - 3) < 1e-12)
    // ...which is not the largest ever seen: once 9 is gone, 4 is the largest (p^alpha 2).
    replay.updatePriorities(
      [ReplayKey(segment: 0, position: 1), ReplayKey(segment: 1, position: 0)], [4, 1])
    #expect(abs(replay.largestPriority - 4) < 1e-9)
    for s in SyntheticEpisode.segments(length: 1, segmentLength: 10, lookAhead: 3) { replay.add(s) }
    #expect(abs(replay.scaledPriority(ReplayKey(segment: 2, position: 0)) - 2) < 1e-12)
  }

  @Test func capacityDropsTheOldestSegments() {
    let replay = ReplayBuffer<UInt8>(capacity: 25, alpha: 0.6)
    for _ in 0..<5 { for s in SyntheticEpisode.segments(length: 10, segmentLength: 10, lookAhead: 3) { replay.add(s) } }
    #expect(replay.moveCount <= 25)
    #expect(replay.segmentCount == 2)
    #expect(replay.totalMovesAdded == 50)
    #expect(!replay.contains(ReplayKey(segment: 0, position: 0)))
    #expect(replay.contains(ReplayKey(segment: 4, position: 9)))
  }
}
