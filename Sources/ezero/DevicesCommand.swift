import ArgumentParser
import EfficientZero
import Foundation
import Torch

/// `ezero devices`: what this build can run on; with `--check`, whether a device computes what the CPU does.
struct DevicesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "devices",
    abstract: "Show the libtorch version, whether this build has CUDA, and the devices it can use.",
    discussion: """
      --check DEVICE runs, on a tiny network: learner steps on the CPU and on DEVICE (they must agree
      within 1e-3), mixed-precision steps on DEVICE (finite, applied, float32 inference), and a checkpoint
      of DEVICE's tensors loaded on the CPU (identical). Exit status 1 when one fails.
      """)

  @Option(help: "Check a device against the CPU (cuda, cuda:N; cpu checks the checks).")
  var check: String?

  func validate() throws {
    guard let check else { return }
    do { _ = try Device(parsing: check) } catch { throw ValidationError("--check: \(error)") }
  }

  func run() throws {
    print("libtorch \(Torch.version), \(Torch.threads) intra-op thread(s)")
    print("CUDA build: " + (Torch.isCUDABuild ? "yes" : "no (build with CUDA=1 for GPUs)"))
    print("cpu: usable")
    let count = Torch.isCUDABuild ? Device.cudaDeviceCount : 0
    for index in 0..<count {
      let info = CUDADeviceInfo(index: index)
      let memory = info.map { String(format: ", %.1f GiB", Double($0.totalBytes) / 1_073_741_824) } ?? ""
      print("cuda:\(index): \(info?.name ?? "CUDA device")\(memory)")
    }
    if Torch.isCUDABuild && count == 0 { print("no CUDA device is usable here (no GPU, or no NVIDIA driver)") }
    if let check { try runChecks(on: Device(parsing: check)) }
  }

  private func runChecks(on device: Device) throws {
    try device.checkUsable()
    Torch.manualSeed(0)
    var failed = 0
    func verdict(_ passed: Bool) -> String {
      if !passed { failed += 1 }
      return passed ? "ok" : "FAILED"
    }
    let steps = try DeviceCheck.learnerSteps(on: device)
    let losses = steps.lossDifferences.map { String(format: "%.1e", $0) }.joined(separator: ", ")
    print(
      "learner steps, cpu vs \(device): \(verdict(steps.agrees())) (relative loss differences \(losses); "
        + String(format: "largest priority difference %.1e, weight difference %.1e", steps.largestPriorityDifference,
          steps.largestWeightDifference)
        + " in \(steps.mostDifferentWeight.isEmpty ? "-" : steps.mostDifferentWeight); copies on the device: "
        + "\(steps.copiesOnTheDevice ? "yes" : "no"))")
    let amp = try DeviceCheck.mixedPrecisionSteps(on: device)
    print(
      "mixed-precision steps on \(device): \(verdict(amp.passes)) (losses "
        + amp.losses.map { String(format: "%.4f", $0) }.joined(separator: ", ")
        + "; \(amp.appliedUpdates)/\(amp.losses.count) updates applied; weights changed: \(amp.weightsChanged); "
        + "inference float32: \(amp.inferenceIsFloat32), finite: \(amp.inferenceIsFinite))")
    // A folder of its own, so that two checks running at once do not share a file.
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ezero-devices-check-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let different = try DeviceCheck.checkpointFromTheDevice(device, folder: folder)
    print(
      "checkpoint written from \(device), loaded on the cpu: \(verdict(different.isEmpty))"
        + (different.isEmpty ? "" : " (differ: \(different.joined(separator: ", ")))"))
    if failed > 0 { throw ExitCode(1) }
  }
}
