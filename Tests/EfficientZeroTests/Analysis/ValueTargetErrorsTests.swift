import Foundation
import Testing
import Search
import Torch
@testable import EfficientZero

/// Episodes played by two environments at once (their segments interleave in replay), frames marked by
/// episode so that each is its own, rewards r_i = episode + i.
private func interleavedSegments(lengths: [Int], segmentLength: Int, lookAhead: Int, collectedAt: Int = 0) -> [GameSegment<Float>] {
  var builders = lengths.map { _ in
    SegmentBuilder<Float>(segmentLength: segmentLength, lookAhead: lookAhead, frameSize: 4, stackedFrames: 2, actionCount: 2)
  }
  func frame(_ episode: Int, _ i: Int) -> [Float] { [Float(episode), Float(i), 0.5, -0.5] }
  for (e, _) in lengths.enumerated() {
    (frame(e, 0) + frame(e, 0)).withUnsafeBufferPointer { builders[e].begin(observation: $0, trainingStep: collectedAt) }
  }
  var out: [GameSegment<Float>] = []
  for i in 0..<(lengths.max() ?? 0) {
    for (e, length) in lengths.enumerated() where i < length {
      let next = frame(e, i) + frame(e, i + 1)
      let policy: [Float] = [0.5, 0.5]
      out += next.withUnsafeBufferPointer { n in
        policy.withUnsafeBufferPointer { p in
          builders[e].record(
            action: (i + e) % 2, reward: Float(e + i), rootValue: 0, policy: p, nextObservation: n, done: i == length - 1,
            trainingStep: collectedAt)
        }
      }
    }
  }
  return out
}

struct ValueTargetErrorsTests {
  @Test func segmentsLinkBackIntoTheirEpisodes() {
    let lengths = [23, 7, 31]
    let segments = interleavedSegments(lengths: lengths, segmentLength: 8, lookAhead: 3)
    let episodes = StoredEpisode.link(segments)
    #expect(episodes.count == 3)
    for (e, length) in lengths.enumerated() {
      let found = episodes.first { $0.rewards.first == Float(e) }
      #expect(found?.rewards == (0..<length).map { Float(e + $0) }, "episode \(e)")
      #expect(found?.terminated == true)
    }
    // G_s by hand for the 7-move episode (rewards 1 ... 7), gamma 0.5.
    let short = episodes.first { $0.rewards.first == 1 }!
    let g = short.discountedReturns(discount: 0.5)
    var expected = [Double](repeating: 0, count: 8)
    for s in stride(from: 6, through: 0, by: -1) { expected[s] = Double(s + 1) + 0.5 * expected[s + 1] }
    #expect(g == Array(expected.prefix(7)))
    // Without its last segment an episode is not terminated.
    let cut = StoredEpisode.link(Array(segments.dropLast()))
    #expect(cut.contains { !$0.terminated })
  }

  /// Short episodes that end inside the n-step horizon: the fixed target is the exact return (error 0);
  /// with the correction on data much older than its period, the horizon shrinks to 1 and the target
  /// bootstraps from an untrained network's search (error > 0).
  @Test func targetsWithoutBootstrapEqualTheReturn() throws {
    Torch.threads = 1
    var network = Fixtures.tinyVectorConfig()
    network.actionCount = 2
    let model = try EfficientZeroNetwork(network, generator: Generator(seed: 1))
    let targets = ValueTargetRule(TargetConfig(), shared: SharedSettings(discount: 0.9, collectionSteps: 10))
    var search = SearchConfig()
    search.simulations = 4
    let segments = interleavedSegments(lengths: [4, 3, 5, 4], segmentLength: 12, lookAhead: 10)
    let table = try ValueTargetErrors.measure(
      segments: segments, network: model, targets: targets, search: search, now: 100, frameShape: [4], stages: 1, perStage: 100)
    #expect(table.rows.count == 1)
    let row = table.rows[0]
    #expect(row.positions == 16)
    #expect(row.currentWithout < 1e-5 && (row.unrolledWithout ?? 1) < 1e-5)
    #expect(row.currentWith > 1e-3)
    // The bias is the signed mean: no larger than the L1 error, and 0 where that is.
    #expect(abs(row.biasWithout) < 1e-5 && abs(row.biasWith) <= row.currentWith + 1e-6)
    // Unrolled states inside the episodes: sum over episodes of sum_t (length - 1 - t).
    #expect(row.unrolledPositions == [4, 3, 5, 4].map { l in (0..<l).map { l - 1 - $0 }.reduce(0, +) }.reduce(0, +))
  }
}
