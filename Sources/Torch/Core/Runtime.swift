import CTorch
#if canImport(Glibc)
import Glibc
#endif

/// Process-wide libtorch settings.
public enum Torch {
  /// Intra-op threads libtorch uses for one operation.
  public static var threads: Int {
    get { Int(ct_get_num_threads()) }
    set { ct_set_num_threads(Int32(max(1, newValue))) }
  }

  /// libtorch's version, e.g. "2.15.0".
  public static var version: String { String(cString: ct_torch_version()) }

  /// The instruction set ATen's CPU kernels dispatch to: "DEFAULT", "AVX2", "AVX512", ... (capped by
  /// `ATEN_CPU_CAPABILITY`).
  public static var cpuCapability: String { String(cString: ct_cpu_capability()) }

  /// Whether the CPU computes bfloat16 natively (AVX512-BF16 or AMX-BF16); elsewhere bfloat16
  /// autocast is emulated and slower than float32.
  public static var cpuHasNativeBFloat16: Bool { ct_cpu_has_native_bf16() }

  /// Whether this build links libtorch's CUDA libraries (CUDA=1).
  public static var isCUDABuild: Bool { ct_cuda_build() }

  /// cuDNN's autotuner for fixed input shapes (no effect on the CPU).
  public static func setCuDNNBenchmark(_ on: Bool) { ct_cudnn_set_benchmark(on) }

  /// Makes the C library keep the memory tensors free for the next tensors of the same size
  /// instead of returning it to the kernel: on the CPU a large training step otherwise spends about
  /// as long in page faults as in its own arithmetic (docs/experiments/2026-11-30-speed-beside-lightzero). Peak
  /// RSS grows by the largest step's working set. Nothing happens where
  /// `EZERO_RETURN_FREED_MEMORY=1` or the C library is not glibc. Returns whether it applied.
  @discardableResult
  public static func keepFreedMemory() -> Bool {
    if let off = getenv("EZERO_RETURN_FREED_MEMORY"), String(cString: off) == "1" { return false }
    return ct_keep_freed_memory()
  }

  /// Seeds libtorch's default generator (used when no `Generator` is passed).
  public static func manualSeed(_ seed: UInt64) { ct_manual_seed(seed) }

  /// Whether operations started now record autograd history.
  public static var isGradEnabled: Bool { ct_grad_enabled() }

  /// Runs `body` without recording autograd history.
  public static func withNoGrad<R, E: Error>(_ body: () throws(E) -> R) throws(E) -> R {
    let guardToken = ct_no_grad_enter()
    defer { ct_no_grad_exit(guardToken) }
    return try body()
  }

  /// Runs `body` with mixed precision on `device` (torch.autocast): the operations autocast lists
  /// (convolutions, matrix products) compute in float16 on CUDA and bfloat16 on the CPU, the
  /// others in float32.
  public static func withAutocast<R>(on device: Device, _ body: () throws(TorchError) -> R) throws(TorchError) -> R {
    var err: ct_err? = nil
    let precision: DType = device == .cpu ? .bfloat16 : .float16
    guard let token = ct_autocast_enter(device.type, precision.rawValue, &err) else {
      throw takeError(err, "autocast on \(device)")
    }
    defer { ct_autocast_exit(token) }
    return try body()
  }

  /// Whether mixed precision is on for `device` on this thread.
  public static func isAutocastEnabled(on device: Device) -> Bool { ct_autocast_enabled(device.type) }

  /// Runs `body` in inference mode: no autograd and no version counting; tensors made here
  /// cannot be used later in autograd.
  public static func withInferenceMode<R, E: Error>(_ body: () throws(E) -> R) throws(E) -> R {
    let guardToken = ct_inference_mode_enter()
    defer { ct_inference_mode_exit(guardToken) }
    return try body()
  }
}

/// A seeded random stream for libtorch's random functions, independent of the global one.
public final class Generator: @unchecked Sendable {
  // Not thread-safe to draw from concurrently, like torch.Generator; Sendable so it can move
  // between threads with its owner.
  let handle: ct_generator

  public init(seed: UInt64) throws(TorchError) {
    var err: ct_err? = nil
    guard let h = ct_generator_new(seed, &err) else { throw takeError(err, "new generator") }
    handle = h
  }
  deinit { ct_generator_free(handle) }

  public func reseed(_ seed: UInt64) { ct_generator_set_seed(handle, seed) }

  /// The full state, as a uint8 tensor, for checkpoints.
  public func state() throws(TorchError) -> Tensor {
    try makeTensor("generator state") { ct_generator_get_state(handle, $0) }
  }
  public func setState(_ state: Tensor) throws(TorchError) {
    try checkStatus("generator set state") { ct_generator_set_state(handle, state.handle, $0) }
  }
}
