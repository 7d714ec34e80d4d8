/// y = x W^T + b, initialised as PyTorch's nn.Linear (U(+-1/sqrt(in)) for W and b).
public final class Linear: Module {
  public let weight: Tensor
  public let bias: Tensor?
  /// Without a gradient, run on oneDNN's matrix kernel (`prepareOwnInference()`).
  public private(set) var usesOneDNNInInference = false

  public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true, generator: Generator? = nil) throws(TorchError) {
    let bound = 1 / Double(inFeatures).squareRoot()
    weight = try Initialization.uniform([outFeatures, inFeatures], bound: bound, generator: generator)
    self.bias = bias ? try Initialization.uniform([outFeatures], bound: bound, generator: generator) : nil
  }

  public var ownParameters: [(name: String, tensor: Tensor)] {
    [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
  }

  public func callAsFunction(_ x: Tensor) throws(TorchError) -> Tensor {
    try Functional.linear(x, weight: weight, bias: bias, oneDNN: usesOneDNNInInference)
  }
}

extension Linear: InferencePreparing {
  public func prepareOwnInference() throws(TorchError) -> Int {
    usesOneDNNInInference = true
    return 1
  }
}
