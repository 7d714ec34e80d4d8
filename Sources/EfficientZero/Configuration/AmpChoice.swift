import Torch

/// The `amp` key: mixed precision, or whether this machine runs it faster.
public enum AmpChoice: String, Sendable, Equatable, CaseIterable, Codable {
  /// bfloat16 autocast where the CPU computes bfloat16 natively (AVX512-BF16 or AMX) and ATen's kernels
  /// are not capped below AVX-512, where it was measured faster (docs/experiments/2026-12-07-atari100k-cpu-two-hours).
  /// Off elsewhere: emulated bfloat16 is slower than float32, and float16 on CUDA is not measured.
  case auto
  case on = "true"
  case off = "false"

  /// Whether networks on `device` run under autocast, on a CPU whose ATen kernels dispatch to
  /// `cpuCapability` and that does or does not compute bfloat16 natively.
  public func resolved(device: Device, cpuCapability: String, cpuHasNativeBFloat16: Bool) -> Bool {
    switch self {
    case .on: return true
    case .off: return false
    case .auto: return device == .cpu && cpuCapability.hasPrefix("AVX512") && cpuHasNativeBFloat16
    }
  }
}

extension TrainingConfig {
  /// Whether this run's networks use mixed precision on this machine.
  public var usesMixedPrecision: Bool {
    amp.resolved(device: torchDevice, cpuCapability: Torch.cpuCapability, cpuHasNativeBFloat16: Torch.cpuHasNativeBFloat16)
  }
}
