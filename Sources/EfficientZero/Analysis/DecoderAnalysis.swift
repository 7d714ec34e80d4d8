import Search
import Torch

/// Fig. 4 of the paper as a measurement: a `LatentDecoder` trained on the frozen model's current
/// states H(o_t) (target: the newest frame of o_t), then applied to the states the dynamics unrolls
/// from them, s_{t+k} = G(... G(H(o_t), a_t) ..., a_{t+k-1}), and compared with the frames that came.
/// A model whose unrolled states keep what the observation shows reconstructs them nearly as well as
/// its current states; one trained without the consistency loss does not (the paper's finding).
public struct DecoderAnalysis {
  /// Mean squared error (pixels in [0, 1]) of the reconstruction at each unroll step k = 0 ... unroll.
  public var errors: [Double]
  /// Per shown position t, per k: (true newest frame of o_{t+k}, reconstruction), as [c, H, W] bytes.
  public var examples: [[(truth: [UInt8], reconstruction: [UInt8])]]
  public var frameShape: [Int]
  /// The decoder's training loss at the start and at the end.
  public var trainingLoss: (first: Double, last: Double)

  /// Trains the decoder on `training` episodes for `steps` steps of `batchSize` positions, then measures
  /// on every position of `heldOut` whose unroll stays inside its episode; `shown` positions (evenly
  /// spread over the first held-out episode) become `examples`.
  public static func run<Scalar: TensorElement>(
    network: EfficientZeroNetwork, training: [RecordedEpisode<Scalar>], heldOut: [RecordedEpisode<Scalar>],
    unrollSteps: Int, steps: Int = 400, batchSize: Int = 64, learningRate: Double = 0.05, shown: Int = 4, seed: UInt64 = 0
  ) throws -> DecoderAnalysis {
    let decoder = try LatentDecoder(network.config, generator: Generator(seed: seed))
    let frameShape = decoder.frameShape
    network.eval()
    let positions = training.enumerated().flatMap { e, episode in episode.observations.indices.map { (e, $0) } }
    guard !positions.isEmpty else { throw TorchError("no observations to train the decoder on") }
    let optimizer = SGD(parameters: decoder.namedParameters(), learningRate: learningRate, momentum: 0.9)
    var random = SearchRandom(seed: seed, stream: RunSeeds.Stream.decoderBatches)
    var losses: [Double] = []
    decoder.train()
    for _ in 0..<steps {
      let batch = (0..<batchSize).map { _ in positions[random.below(positions.count)] }
      let observations = try RecordedEpisode.batch(batch.map { (training[$0.0], $0.1) })
      let latent = try Torch.withNoGrad { () throws(TorchError) -> Tensor in
        try network.representation(network.prepare(observations)).detached()
      }
      let frames = try newestFrames(batch.map { (training[$0.0], $0.1) }, frameShape)
      let loss = try (decoder(latent) - frames).square().mean()
      try optimizer.zeroGrad()
      try loss.backward()
      try optimizer.step()
      losses.append(try loss.item())
    }
    decoder.eval()

    var sums = [Double](repeating: 0, count: unrollSteps + 1)
    var counts = [Int](repeating: 0, count: unrollSteps + 1)
    var examples: [[(truth: [UInt8], reconstruction: [UInt8])]] = []
    for (index, episode) in heldOut.enumerated() where episode.moves >= unrollSteps {
      let starts = Array(0...(episode.moves - unrollSteps))
      let showAt = index == 0 ? Set((0..<shown).map { starts[$0 * starts.count / max(shown, 1)] }) : []
      for chunk in stride(from: 0, to: starts.count, by: 128) {
        let rows = Array(starts[chunk..<min(chunk + 128, starts.count)])
        var latent = try network.initialInference(episode.batch(rows)).latent
        var shownRows: [Int: [(truth: [UInt8], reconstruction: [UInt8])]] = [:]
        for k in 0...unrollSteps {
          if k > 0 {
            latent = try network.recurrentInference(
              latent, actions: rows.map { episode.actions[$0 + k - 1] }, rewardState: nil).latent
          }
          let reconstruction = try Torch.withInferenceMode { () throws(TorchError) -> Tensor in try decoder(latent) }
          let truth = try newestFrames(rows.map { (episode, $0 + k) }, frameShape)
          let perRow = try (reconstruction - truth).square().mean(dims: [1, 2, 3]).toArray(Float.self)
          for e in perRow { sums[k] += Double(e) }
          counts[k] += rows.count
          for (i, t) in rows.enumerated() where showAt.contains(t) {
            shownRows[t, default: []].append(
              (try bytes(truth.select(dim: 0, index: i)), try bytes(reconstruction.select(dim: 0, index: i))))
          }
        }
        examples += shownRows.sorted { $0.key < $1.key }.map(\.value)
      }
    }
    guard counts[0] > 0 else { throw TorchError("no held-out episode is \(unrollSteps) moves long") }
    return DecoderAnalysis(
      errors: zip(sums, counts).map { $0 / Double(max($1, 1)) }, examples: examples, frameShape: frameShape,
      trainingLoss: (losses.first ?? 0, losses.last ?? 0))
  }

  /// The newest frames of the observations (episode, t) as [N, c, H, W] floats in [0, 1].
  static func newestFrames<Scalar: TensorElement>(_ items: [(RecordedEpisode<Scalar>, Int)], _ shape: [Int]) throws(TorchError) -> Tensor {
    let size = shape.reduce(1, *)
    var flat: [Scalar] = []
    flat.reserveCapacity(items.count * size)
    for (episode, t) in items {
      let observation = episode.observations[t]
      flat.append(contentsOf: observation[(observation.count - size)...])
    }
    let tensor = try Tensor(flat, shape: [items.count] + shape)
    return tensor.dtype == .uint8 ? try tensor.to(.float32) / 255 : tensor
  }

  static func bytes(_ image: Tensor) throws(TorchError) -> [UInt8] {
    try (image * 255).round().clamp(min: 0, max: 255).toArray(Float.self).map { UInt8($0) }
  }
}
