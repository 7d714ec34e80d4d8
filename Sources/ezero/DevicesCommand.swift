import ArgumentParser
import Foundation
import Torch

/// `ezero devices`: what this build can run on.
struct DevicesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "devices",
    abstract: "Show the libtorch version, whether this build has CUDA, and the devices it can use.")

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
  }
}
