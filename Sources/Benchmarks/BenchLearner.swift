import ArgumentParser
import EfficientZero
import Foundation
import Metrics
import Torch

/// One full EfficientZero training step on the App. A.1 Atari network (unroll 5, with the 5
/// target representations of the consistency loss) and one batch of recurrent inference,
/// with Python PyTorch's time for the same computation beside it when one is installed.
struct BenchLearner: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "learner", abstract: "Atari training step (batch 256 and 32) and recurrent inference (B = 256).")

  @Option(help: "Batch sizes of the training step.")
  var batch: [Int] = [256, 32]
  @Option(help: "Batch of the recurrent inference.")
  var inferenceBatch = 256
  @Option(help: "Timed repetitions (median printed).")
  var repeats = 3
  @Option(help: "Untimed warm-up repetitions.")
  var warmup = 1
  @Option(help: "libtorch threads (default: the number of cores).")
  var threads = ProcessInfo.processInfo.activeProcessorCount
  @Option(help: "Python interpreter for the side-by-side run ('' to skip).")
  var python = "python3"
  @Option(help: "Where the network runs: cpu, cuda or cuda:N (the Python side runs on the CPU).")
  var device = "cpu"

  func validate() throws {
    guard repeats >= 1, warmup >= 0, inferenceBatch >= 1, batch.allSatisfy({ $0 >= 1 }), threads >= 1 else {
      throw ValidationError("--repeats, --batch, --inference-batch and --threads must be >= 1; --warmup >= 0")
    }
  }

  func run() throws {
    Torch.threads = threads
    Torch.manualSeed(0)
    let placement = try Device(parsing: device)
    try placement.checkUsable()
    if placement != .cpu { Torch.setCuDNNBenchmark(true) }
    var config = NetworkConfig()
    config.actionCount = 18
    let unroll = 5
    let network = try EfficientZeroNetwork(config)
    try network.move(to: placement)
    let learner = try Learner(
      network: network, lossConfig: LossConfig(), optimizerConfig: OptimizerConfig(), shared: SharedSettings(), seed: 0)
    let reference = PythonReference.learner(python: python, threads: threads, repeats: repeats, warmup: warmup)
    print("EfficientZero Atari network (App. A.1) on \(placement), \(threads) thread(s), median of \(repeats) after \(warmup) warm-up")
    print(pad("computation", 44) + pad("swift ms", 11) + pad("python ms", 11) + "ratio")
    for b in batch {
      let g = try Generator(seed: 1)
      let trainingBatch = TrainingBatch(
        observations: try Tensor.randint(0, 256, [b, 4 + unroll, 3, 96, 96], dtype: .uint8, generator: g),
        actions: try Tensor.randint(0, 18, [b, unroll], generator: g),
        valuePrefixTargets: try Tensor.rand([b * unroll], generator: g).toArray(Float.self),
        valueTargets: try Tensor.rand([b * (unroll + 1)], generator: g).toArray(Float.self),
        policyTargets: try Tensor.rand([b * (unroll + 1), 18], generator: g).softmax(dim: 1).toArray(Float.self),
        masks: [Float](repeating: 1, count: b * unroll), weights: [Float](repeating: 1, count: b))
      let ms = try medianMilliseconds(repeats: repeats, warmup: warmup) { _ = try learner.train(on: trainingBatch) }
      printRow("training step, batch \(b), unroll 5", ms, reference.learnerTime(mode: "train", batch: b))
    }
    let net = learner.network
    net.eval()
    let latent = try Tensor.rand([inferenceBatch, 64, 6, 6]).to(placement)
    let state = try net.rewardHead.initialState(batch: inferenceBatch)
    let actions = (0..<inferenceBatch).map { $0 % 18 }
    let ms = try medianMilliseconds(repeats: max(repeats, 5), warmup: warmup) {
      _ = try net.recurrentInference(latent, actions: actions, rewardState: state)
    }
    printRow("recurrent inference, B = \(inferenceBatch)", ms, reference.learnerTime(mode: "recurrent", batch: inferenceBatch))
    if let why = reference.unavailableReason { print("python side: \(why)") }
    print("target: swift/python ratio <= \(BenchmarkTargets.swiftOverPythonRatio)")
  }

  private func printRow(_ name: String, _ swift: Double, _ python: Double?) {
    let py = python.map { String(format: "%.1f", $0) } ?? "-"
    let ratio = python.map { String(format: "%.2f", swift / $0) } ?? "-"
    print(pad(name, 44) + pad(String(format: "%.1f", swift), 11) + pad(py, 11) + ratio)
  }
}
