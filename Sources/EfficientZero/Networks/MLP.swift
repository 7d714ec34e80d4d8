import Torch

/// Linear layers with BatchNorm + ReLU between them and a plain last layer, as the reference's
/// `mlp`: Linear, BN, ReLU, ..., Linear. `zeroLast` zero-initialises the last layer (App. A.1).
public final class MLP: Module {
  let hidden: [Linear]
  let norms: [BatchNorm]
  let output: Linear

  public init(
    input: Int, hidden widths: [Int], output: Int, momentum: Double, zeroLast: Bool, generator: Generator?,
    normSources: Int = 1
  ) throws(TorchError) {
    var hidden: [Linear] = []
    var norms: [BatchNorm] = []
    var width = input
    for w in widths {
      hidden.append(try Linear(width, w, generator: generator))
      norms.append(try BatchNorm(w, momentum: momentum, sources: normSources))
      width = w
    }
    self.hidden = hidden
    self.norms = norms
    self.output = try Linear(width, output, generator: generator)
    if zeroLast { try self.output.zeroInitialize() }
  }

  /// `source` picks the BatchNorm statistics (see `BatchNorm`).
  public func callAsFunction(_ x: Tensor, source: Int = 0) throws(TorchError) -> Tensor {
    var h = x
    for (layer, norm) in zip(hidden, norms) { h = try norm(layer(h), source: source).relu() }
    return try output(h)
  }
}
