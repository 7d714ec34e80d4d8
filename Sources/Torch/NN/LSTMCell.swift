/// One step of an LSTM with (h, c) state, initialised as PyTorch's nn.LSTMCell (U(+-1/sqrt(hidden))).
public final class LSTMCell: Module {
  public let weightIH: Tensor
  public let weightHH: Tensor
  public let biasIH: Tensor
  public let biasHH: Tensor
  public let hiddenSize: Int
  /// Without a gradient, the gates' products run on oneDNN's matrix kernel (`prepareOwnInference()`).
  public private(set) var usesOneDNNInInference = false

  public init(inputSize: Int, hiddenSize: Int, generator: Generator? = nil) throws(TorchError) {
    let bound = 1 / Double(hiddenSize).squareRoot()
    weightIH = try Initialization.uniform([4 * hiddenSize, inputSize], bound: bound, generator: generator)
    weightHH = try Initialization.uniform([4 * hiddenSize, hiddenSize], bound: bound, generator: generator)
    biasIH = try Initialization.uniform([4 * hiddenSize], bound: bound, generator: generator)
    biasHH = try Initialization.uniform([4 * hiddenSize], bound: bound, generator: generator)
    self.hiddenSize = hiddenSize
  }

  public var ownParameters: [(name: String, tensor: Tensor)] {
    [("weight_ih", weightIH), ("weight_hh", weightHH), ("bias_ih", biasIH), ("bias_hh", biasHH)]
  }

  /// Zero state for a batch.
  public func zeroState(batch: Int, device: Device? = nil) throws(TorchError) -> (h: Tensor, c: Tensor) {
    // By default where the cell's own weights are.
    let device = device ?? weightIH.device
    return (try Tensor.zeros([batch, hiddenSize], device: device), try Tensor.zeros([batch, hiddenSize], device: device))
  }

  public func callAsFunction(_ x: Tensor, state: (h: Tensor, c: Tensor)) throws(TorchError) -> (h: Tensor, c: Tensor) {
    try Functional.lstmCell(
      x, h: state.h, c: state.c, weightIH: weightIH, weightHH: weightHH, biasIH: biasIH, biasHH: biasHH,
      oneDNN: usesOneDNNInInference)
  }
}

extension LSTMCell: InferencePreparing {
  public func prepareOwnInference() throws(TorchError) -> Int {
    usesOneDNNInInference = true
    return 1
  }
}
