import ArgumentParser
import EfficientZero
import Environments
import Foundation
import Metrics
import Torch

/// `ezero analyze decoder`: what the latent states hold, as the paper's Fig. 4.
struct AnalyzeDecoder: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "decoder",
    abstract: "Train a decoder on the frozen model's latent states and reconstruct the unrolled ones (Fig. 4).",
    discussion: """
      Plays --episodes episodes with the run's model (training settings), trains a decoder (four transposed
      convolutions) from the current states H(o_t) to the newest frame of o_t, then decodes the states the
      dynamics unrolls from H(o_t) with the actions taken, k = 0 ... unroll steps ahead, on --held-out fresh
      episodes. Prints the reconstruction error (mean squared, pixels in [0, 1]) per k and writes
      decoder.png: one row per k, pairs of columns (the frame that came, the reconstruction) for a few positions.
      Run it on a model trained with and one without the consistency loss to see the paper's finding.

      Example:
        ezero analyze decoder runs/breakout-1 --output analysis/breakout-1

      \(ExitStatus.table)
      """)

  @OptionGroup var analyzed: AnalyzedRun
  @Option(help: "Episodes whose observations train the decoder.")
  var episodes = 2
  @Option(help: "Fresh episodes the reconstructions are measured on.")
  var heldOut = 1
  @Option(help: "Moves per episode at most.")
  var maxSteps = 1000
  @Option(help: "Decoder training steps (batches of 64).")
  var steps = 1500
  @Option(help: "Unroll steps (default: the run's unroll_steps).")
  var unroll: Int?
  @Option(help: "Episode seeds start here (held-out episodes follow the training ones).")
  var seedOffset: UInt64 = 2_000_000
  @Option(help: "Folder for decoder.png and decoder.csv.")
  var output = "analysis"

  func validate() throws {
    guard episodes >= 1, heldOut >= 1, maxSteps >= 1, steps >= 1 else {
      throw ValidationError("--episodes, --held-out, --max-steps and --steps must be >= 1")
    }
    if let unroll, unroll < 0 { throw ValidationError("--unroll must be >= 0") }
  }

  func run() throws {
    let trained = try analyzed.load()
    guard case .image = trained.config.network.observation else {
      throw ConfigError("analyze decoder reconstructs images; \(trained.config.environment) has vector observations")
    }
    let analysis = try trained.environment.dispatch(
      trained.config,
      DecoderRun(
        network: trained.network, config: trained.config, episodes: episodes, heldOut: heldOut, maxSteps: maxSteps,
        steps: steps, unroll: unroll ?? trained.config.unrollSteps, seedOffset: seedOffset))
    let out = URL(fileURLWithPath: output)
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    var csv = "unroll_step,reconstruction_mse\n"
    for (k, e) in analysis.errors.enumerated() { csv += "\(k),\(String(format: "%.6f", e))\n" }
    try Data(csv.utf8).write(to: out.appendingPathComponent("decoder.csv"), options: .atomic)
    let png = out.appendingPathComponent("decoder.png")
    try Data(Self.grid(analysis).png()).write(to: png, options: .atomic)
    print("\(trained.config.environment), training step \(trained.trainingStep): decoder loss \(String(format: "%.4f", analysis.trainingLoss.first)) -> \(String(format: "%.4f", analysis.trainingLoss.last)) over \(steps) steps")
    print("k  reconstruction MSE")
    for (k, e) in analysis.errors.enumerated() { print(pad("\(k)", 3) + String(format: "%.5f", e)) }
    print("written: \(png.path), \(out.appendingPathComponent("decoder.csv").path)")
  }

  /// Rows: unroll steps; columns: (truth, reconstruction) per shown position; frames enlarged 2x.
  static func grid(_ analysis: DecoderAnalysis) -> RasterImage {
    let (c, h, w) = (analysis.frameShape[0], analysis.frameShape[1], analysis.frameShape[2])
    func image(_ planes: [UInt8]) -> RasterImage { RasterImage(planar: planes, width: w, height: h, channels: c).enlarged(by: 2) }
    let steps = analysis.examples.first?.count ?? 0
    var cells: [RasterImage] = []
    for k in 0..<steps {
      for example in analysis.examples { cells += [image(example[k].truth), image(example[k].reconstruction)] }
    }
    return RasterImage.grid(cells, columns: 2 * max(1, analysis.examples.count), gap: 4)
  }
}

/// Plays the episodes in the run's training environment and runs the analysis.
struct DecoderRun: EnvironmentVisitor {
  let network: EfficientZeroNetwork
  let config: TrainingConfig
  let episodes: Int
  let heldOut: Int
  let maxSteps: Int
  let steps: Int
  let unroll: Int
  let seedOffset: UInt64

  func visit<Env: Environment>(
    training: @escaping (Int) throws -> Env, evaluation: @escaping (Int) throws -> Env
  ) throws -> DecoderAnalysis where Env.Scalar: TensorElement {
    let played = try RecordedEpisode<Env.Scalar>.play(
      network: network, search: config.searchConfiguration, episodes: episodes + heldOut, seedOffset: seedOffset, maxSteps: maxSteps,
      makeEnvironment: training)
    return try DecoderAnalysis.run(
      network: network, training: Array(played.prefix(episodes)), heldOut: Array(played.suffix(heldOut)),
      unrollSteps: unroll, steps: steps, seed: seedOffset)
  }
}
