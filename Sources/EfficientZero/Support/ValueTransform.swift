import Torch

/// MuZero's invertible value transform and the categorical (two-hot) representation of scalars
/// on the support -size...size, as used for values and value prefixes.
public struct ValueTransform: Sendable, Equatable {
  public let supportSize: Int
  public static let epsilon = 0.001

  public init(supportSize: Int) { self.supportSize = supportSize }

  public var atoms: Int { 2 * supportSize + 1 }

  /// h(x) = sign(x)(sqrt(|x| + 1) - 1) + eps x
  public static func h(_ x: Double) -> Double {
    let s: Double = x < 0 ? -1 : (x > 0 ? 1 : 0)
    return s * ((Swift.abs(x) + 1).squareRoot() - 1) + epsilon * x
  }

  /// The exact inverse of h:
  /// h^-1(y) = sign(y) (((sqrt(1 + 4 eps (|y| + 1 + eps)) - 1) / (2 eps))^2 - 1)
  public static func hInverse(_ y: Double) -> Double {
    let s: Double = y < 0 ? -1 : 1
    let r = ((1 + 4 * epsilon * (Swift.abs(y) + 1 + epsilon)).squareRoot() - 1) / (2 * epsilon)
    return s * (r * r - 1)
  }

  /// Writes the two-hot distribution of h(x), clamped to the support, into `out` (atoms floats).
  public func twoHot(_ x: Double, into out: UnsafeMutableBufferPointer<Float>) {
    // A non-finite scalar has no atoms: it gives a NaN distribution, so that the loss says so.
    guard x.isFinite else {
      for i in out.indices { out[i] = .nan }
      return
    }
    for i in out.indices { out[i] = 0 }
    let y = Swift.min(Swift.max(ValueTransform.h(x), -Double(supportSize)), Double(supportSize))
    let low = y.rounded(.down)
    let pHigh = y - low
    let lowIndex = Int(low) + supportSize
    out[lowIndex] += Float(1 - pHigh)
    if pHigh > 0 { out[lowIndex + 1] += Float(pHigh) }
  }

  /// Two-hot targets for a batch of scalars: a [count, atoms] tensor.
  public func twoHot(_ values: [Float]) throws(TorchError) -> Tensor {
    var flat = [Float](repeating: 0, count: values.count * atoms)
    flat.withUnsafeMutableBufferPointer { buffer in
      for (i, v) in values.enumerated() {
        twoHot(Double(v), into: UnsafeMutableBufferPointer(rebasing: buffer[(i * atoms)..<((i + 1) * atoms)]))
      }
    }
    return try Tensor(flat, shape: [values.count, atoms])
  }

  /// Scalars from logits [N, atoms]: the expectation over the support, mapped back by h^-1.
  /// Values within eps of zero become exactly zero, as in the reference implementation.
  public func scalars(fromLogits logits: Tensor) throws(TorchError) -> [Float] {
    let probabilities = try logits.detached().inFullPrecision().softmax(dim: 1).toArray(Float.self)
    let n = probabilities.count / atoms
    var out = [Float](repeating: 0, count: n)
    for i in 0..<n {
      var expectation = 0.0
      for j in 0..<atoms { expectation += Double(probabilities[i * atoms + j]) * Double(j - supportSize) }
      let x = ValueTransform.hInverse(expectation)
      out[i] = Swift.abs(x) < ValueTransform.epsilon ? 0 : Float(x)
    }
    return out
  }
}
