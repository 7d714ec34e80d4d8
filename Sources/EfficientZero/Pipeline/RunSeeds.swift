/// Every random stream of a training run, derived from the run's one `seed` and named in one place, so
/// that no two parts of a run draw from the same stream by accident and a changed offset is seen here.
public struct RunSeeds: Sendable {
  /// The run's seed (`seed` in the configuration).
  public let run: UInt64

  public init(_ run: UInt64) { self.run = run }

  /// libtorch's global seed and the generator of the networks' initial weights.
  public var initialisation: UInt64 { run }
  /// The learner's augmentation draws.
  public var learner: UInt64 { run &+ 1 }
  /// Self-play: search seeds and random warm-up actions; its environments restart from this seed + i.
  public var selfPlay: UInt64 { run &+ 2 }
  /// Reanalysis searches.
  public var reanalysis: UInt64 { run &+ 3 }
  /// Prioritised sampling of replay batches.
  public var replaySampler: SeedAndStream { SeedAndStream(seed: run &+ 4, stream: 0x7361_6d70) }
  /// Training environment i (CartPole and DMControl; Atari environments are reset with the self-play seeds).
  public func trainingEnvironment(_ i: Int) -> UInt64 { run &+ UInt64(i) }
  /// Episodes restarted by a resume from a checkpoint without the games in progress: seeds no earlier
  /// start used.
  public func restartedEpisodes(atStep step: Int) -> UInt64 { run &+ 0x5EED_0000 &+ UInt64(step) &* 1_000_003 }
  /// Concurrent mode: the base of the reanalysis workers' streams for a call that starts at `step` (each
  /// call draws fresh ones; a restart must not repeat the previous call's samples).
  public func concurrentStreams(atStep step: Int) -> UInt64 { run &+ UInt64(step) &* 0x9E37_79B9 }
}

extension RunSeeds {
  /// The stream numbers parts of a run use within their seeds (stream 0 of a seed stays free).
  public enum Stream {
    public static let selfPlay: UInt64 = 0x5e1f
    public static let reanalysis: UInt64 = 0x7265_616e
    /// The uniformly random policy of the evaluation harness.
    public static let randomPolicy: UInt64 = 0x7261_6e64
    /// The seed of evaluation step k's search is this + k (evaluations draw nothing else).
    public static let evaluationSearch: UInt64 = 0x6576_616c
    /// The positions of the latent decoder's training batches (`ezero analyze decoder`).
    public static let decoderBatches: UInt64 = 0x6465_636f
    /// The stored positions `ezero analyze value-targets` draws.
    public static let analysisSamples: UInt64 = 0x7661_6c74
  }
}

/// A seed and the stream within it, as `SearchRandom(seed:stream:)` takes them.
public struct SeedAndStream: Sendable {
  public var seed: UInt64
  public var stream: UInt64
}
