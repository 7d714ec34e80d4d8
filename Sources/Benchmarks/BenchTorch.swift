import ArgumentParser
import EfficientZero
import Foundation
import Metrics
import Torch

/// The Atari representation network of App. A.1, timed through libtorch from Swift, and the same
/// computation in Python PyTorch beside it when a Python with torch is installed.
struct BenchTorch: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "torch",
    abstract: "Representation network (12x96x96 -> 64x6x6): forward, and forward+backward+SGD.")

  @Option(help: "Batch sizes to time.")
  var batch: [Int] = [256, 32]
  @Option(help: "Timed repetitions per figure (the median is printed).")
  var repeats = 5
  @Option(help: "Untimed warm-up repetitions.")
  var warmup = 2
  @Option(help: "libtorch threads (default: the number of cores).")
  var threads = ProcessInfo.processInfo.activeProcessorCount
  @Option(help: "Python interpreter for the side-by-side run ('' to skip).")
  var python = "python3"

  func validate() throws {
    guard repeats >= 1, warmup >= 0, batch.allSatisfy({ $0 >= 1 }), threads >= 1 else {
      throw ValidationError("--repeats and --batch must be >= 1, --warmup >= 0, --threads >= 1")
    }
  }

  func run() throws {
    Torch.threads = threads
    Torch.manualSeed(0)
    let net = try RepresentationNetwork(inputChannels: 12)
    let sgd = SGD(parameters: net.namedParameters(), learningRate: 0.1, momentum: 0.9, weightDecay: 1e-4)
    let reference = PythonReference.representationNetwork(python: python, threads: threads, repeats: repeats, warmup: warmup)
    print("Representation network, \(threads) thread(s), median of \(repeats) after \(warmup) warm-up")
    print(pad("pass", 30) + pad("batch", 7) + pad("swift ms", 11) + pad("python ms", 11) + "ratio")
    for b in batch {
      let x = try Tensor.rand([b, 12, 96, 96])
      net.eval()
      let forward = try medianMilliseconds(repeats: repeats, warmup: warmup) {
        _ = try Torch.withInferenceMode { () throws(TorchError) in try net(x) }
      }
      net.train()
      let train = try medianMilliseconds(repeats: repeats, warmup: warmup) {
        try sgd.zeroGrad()
        try net(x).square().mean().backward()
        try sgd.step()
      }
      let py = reference.representationTimes(batch: b)
      printRow("forward (inference, eval BN)", b, forward, py?.forward)
      printRow("forward+backward+SGD (train)", b, train, py?.train)
    }
    if let why = reference.unavailableReason { print("python side: \(why)") }
    print("target: swift/python ratio <= \(BenchmarkTargets.swiftOverPythonRatio)")
  }

  private func printRow(_ name: String, _ batch: Int, _ swift: Double, _ python: Double?) {
    let py = python.map { String(format: "%.1f", $0) } ?? "-"
    let ratio = python.map { String(format: "%.2f", swift / $0) } ?? "-"
    print(pad(name, 30) + pad("\(batch)", 7) + pad(String(format: "%.1f", swift), 11) + pad(py, 11) + ratio)
  }
}
