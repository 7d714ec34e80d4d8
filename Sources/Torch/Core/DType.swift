import CTorch

/// Element types a `Tensor` can hold.
public enum DType: Int32, Sendable, CustomStringConvertible {
  case uint8 = 0
  case int32 = 3
  case int64 = 4
  /// Half precision and bfloat16: what mixed precision computes in (`Torch.withAutocast`).
  case float16 = 5
  case float32 = 6
  case bool = 11
  case bfloat16 = 15

  public var description: String {
    switch self {
    case .uint8: "uint8"
    case .int32: "int32"
    case .int64: "int64"
    case .float16: "float16"
    case .float32: "float32"
    case .bool: "bool"
    case .bfloat16: "bfloat16"
    }
  }

  public var byteSize: Int {
    switch self {
    case .uint8, .bool: 1
    case .float16, .bfloat16: 2
    case .int32, .float32: 4
    case .int64: 8
    }
  }
}

/// Swift scalar types that map one-to-one onto a tensor element type.
public protocol TensorElement: Sendable, BitwiseCopyable {
  static var dtype: DType { get }
}
extension Float: TensorElement { public static var dtype: DType { .float32 } }
extension Int64: TensorElement { public static var dtype: DType { .int64 } }
extension UInt8: TensorElement { public static var dtype: DType { .uint8 } }
extension Bool: TensorElement { public static var dtype: DType { .bool } }

/// Where a tensor lives. CUDA needs a libtorch build with CUDA kernels linked in.
public enum Device: Equatable, Hashable, Sendable, CustomStringConvertible {
  case cpu
  case cuda(Int)

  var type: Int32 {
    switch self {
    case .cpu: 0
    case .cuda: 1
    }
  }
  var index: Int32 {
    switch self {
    case .cpu: -1
    case .cuda(let i): Int32(i)
    }
  }

  public var description: String {
    switch self {
    case .cpu: "cpu"
    case .cuda(let i): "cuda:\(i)"
    }
  }

  /// True when a CUDA device is usable by this process.
  public static var cudaAvailable: Bool { ct_cuda_is_available() }

  /// CUDA devices usable by this process (0 without a CUDA build, a driver or a device).
  public static var cudaDeviceCount: Int { Int(ct_cuda_device_count()) }

  /// "cpu", "cuda" (device 0) or "cuda:N".
  public init(parsing text: String) throws(TorchError) {
    switch text {
    case "cpu": self = .cpu
    case "cuda": self = .cuda(0)
    default:
      guard text.hasPrefix("cuda:"), let index = Int(text.dropFirst(5)), index >= 0 else {
        throw TorchError("unknown device '\(text)'; use cpu, cuda or cuda:N")
      }
      self = .cuda(index)
    }
  }

  /// Fails, saying why, unless tensors can be placed on this device now.
  public func checkUsable() throws(TorchError) {
    guard case .cuda(let index) = self else { return }
    guard Torch.isCUDABuild else {
      throw TorchError("\(self) was asked for, but this build has no CUDA (build with CUDA=1, see the README's GPU section)")
    }
    let count = Device.cudaDeviceCount
    guard index < count else {
      throw TorchError(count == 0 ? "\(self) was asked for, but no CUDA device is usable here (no GPU or no driver)"
        : "\(self) was asked for, but this machine has \(count) CUDA device(s)")
    }
  }
}

/// A CUDA device as the driver describes it.
public struct CUDADeviceInfo: Sendable {
  public var index: Int
  public var name: String
  public var totalBytes: UInt64

  /// The driver's description of device `index`, or nil without a driver or such a device.
  public init?(index: Int) {
    var name = [CChar](repeating: 0, count: 256)
    var bytes: UInt64 = 0
    guard ct_cuda_device_info(Int32(index), &name, Int32(name.count), &bytes) else { return nil }
    self.index = index
    self.name = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    totalBytes = bytes
  }
}
