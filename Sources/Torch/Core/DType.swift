import CTorch

/// Element types a `Tensor` can hold.
public enum DType: Int32, Sendable, CustomStringConvertible {
  case uint8 = 0
  case int64 = 4
  case float32 = 6
  case bool = 11

  public var description: String {
    switch self {
    case .uint8: "uint8"
    case .int64: "int64"
    case .float32: "float32"
    case .bool: "bool"
    }
  }

  public var byteSize: Int {
    switch self {
    case .uint8, .bool: 1
    case .int64: 8
    case .float32: 4
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
public enum Device: Equatable, Sendable, CustomStringConvertible {
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
}
