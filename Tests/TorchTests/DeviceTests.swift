import Foundation
import Testing
@testable import Torch

/// Device names, the checks made before any work, and moving a module's tensors in place. The tests
/// that need a GPU run only where one is usable; elsewhere they are skipped with the reason.
@Suite struct DeviceTests {
  /// ATen names the instruction set its CPU kernels use; ATEN_CPU_CAPABILITY can only lower it.
  @Test func theCPUCapabilityIsNamed() {
    let known = ["DEFAULT", "AVX2", "AVX512", "ZVECTOR", "VSX", "NEON", "SVE256", "SVE128"]
    #expect(known.contains(Torch.cpuCapability), "\(Torch.cpuCapability)")
  }

  /// libtorch's cpuinfo and the kernel's /proc/cpuinfo agree on native bfloat16 (Linux only).
  @Test func nativeBFloat16IsWhatTheKernelReports() throws {
    guard let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
      let flagsLine = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
    else { return }
    let flags = Set(flagsLine.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == ":" }).map(String.init))
    #expect(Torch.cpuHasNativeBFloat16 == (flags.contains("avx512_bf16") || flags.contains("amx_bf16")), "\(flagsLine)")
  }

  @Test func devicesParseFromTheirNames() throws {
    #expect(try Device(parsing: "cpu") == .cpu)
    #expect(try Device(parsing: "cuda") == .cuda(0))
    #expect(try Device(parsing: "cuda:3") == .cuda(3))
    for bad in ["gpu", "cuda:", "cuda:-1", "CUDA", "cuda:x", ""] {
      #expect(throws: TorchError.self, "\(bad)") { try Device(parsing: bad) }
    }
    #expect(Device.cuda(2).description == "cuda:2")
  }

  @Test func aDeviceThatCannotBeUsedSaysWhy() throws {
    try Device.cpu.checkUsable()
    guard !Device.cudaAvailable else { return }
    do {
      try Device.cuda(0).checkUsable()
      Issue.record("cuda:0 passed its check on a machine without a usable CUDA device")
    } catch {
      let expected = Torch.isCUDABuild ? "no CUDA device" : "CUDA=1"
      #expect(error.description.contains(expected), "\(error)")
    }
  }

  @Test func settingDataKeepsTheTensorItsOwnersHold() throws {
    let linear = try Linear(3, 2)
    let held = linear.weight
    let replacement = try Tensor([1, 2, 3, 4, 5, 6] as [Float], shape: [2, 3])
    try held.setData(replacement)
    #expect(try linear.weight.toArray(Float.self) == [1, 2, 3, 4, 5, 6])
    #expect(linear.weight.handle == held.handle)
    #expect(throws: TorchError.self) { try held.setData(Tensor([1, 2] as [Float], shape: [2]).to(.int64)) }
  }

  @Test func movingToTheDeviceAModuleIsOnKeepsItsValues() throws {
    let norm = try BatchNorm(4)
    let before = try norm.stateDict().map { try $0.tensor.to(.float32).toArray(Float.self) }
    try norm.move(to: .cpu)
    #expect(norm.device == .cpu)
    #expect(try norm.stateDict().map { try $0.tensor.to(.float32).toArray(Float.self) } == before)
  }

  @Test(.enabled(if: Device.cudaAvailable, "needs a usable CUDA device"))
  func aModuleMovesToTheGPUAndBackUnchanged() throws {
    let generator = try Generator(seed: 3)
    let conv = try Conv2d(2, 4, kernelSize: 3, padding: 1, generator: generator)
    let x = try Tensor.randn([2, 2, 8, 8], generator: generator)
    let onCPU = try conv(x).toArray(Float.self)
    try conv.move(to: .cuda(0))
    #expect(conv.device == .cuda(0) && conv.weight.device == .cuda(0))
    let onGPU = try conv(x.to(.cuda(0))).toArray(Float.self)
    #expect(zip(onCPU, onGPU).allSatisfy { abs($0 - $1) < 1e-4 })
    try conv.move(to: .cpu)
    #expect(try conv(x).toArray(Float.self) == onCPU)
  }

  @Test func channelsLastKeepsValuesAndTheConvolutionsResult() throws {
    let generator = try Generator(seed: 8)
    let conv = try Conv2d(3, 5, kernelSize: 3, stride: 2, padding: 1, generator: generator)
    let x = try Tensor.randn([2, 3, 9, 9], generator: generator)
    let plain = try conv(x).toArray(Float.self)
    let cl = try x.channelsLast()
    #expect(cl.isChannelsLast && !x.isChannelsLast && cl.shape == x.shape)
    #expect(try cl.toArray(Float.self) == x.toArray(Float.self))
    try conv.useChannelsLast()
    #expect(conv.weight.isChannelsLast)
    let y = try conv(cl)
    #expect(y.isChannelsLast)
    #expect(zip(try y.toArray(Float.self), plain).allSatisfy { abs($0 - $1) < 1e-5 })
    // Loading weights keeps the layout.
    try conv.load(stateDict: conv.stateDict().map { ($0.name, try $0.tensor.contiguous()) })
    #expect(conv.weight.isChannelsLast)
  }

  /// Batches bound for a GPU are staged in pinned memory and copied without blocking; on the CPU
  /// the same calls are plain copies, and pinning without a usable GPU fails with libtorch's reason.
  @Test func pinnedStagingAndNonBlockingCopies() throws {
    let values: [Float] = [1, 2, 3, 4, 5, 6]
    let plain = try Tensor(values, shape: [2, 3])
    #expect(!plain.isPinned)
    #expect(try plain.to(.cpu, nonBlocking: true).toArray(Float.self) == values)
    guard Device.cudaAvailable else {
      #expect(throws: TorchError.self) { try Tensor(values, shape: [2, 3], pinned: true) }
      return
    }
    let pinned = try Tensor(values, shape: [2, 3], pinned: true)
    #expect(pinned.isPinned)
    let onGPU = try pinned.to(.cuda(0), nonBlocking: true)
    #expect(onGPU.device == .cuda(0))
    #expect(try onGPU.to(.cpu).toArray(Float.self) == values)
  }
}
