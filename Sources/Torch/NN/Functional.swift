import CTorch

/// Neural-network functions on tensors (PyTorch's torch.nn.functional), used by the layers.
public enum Functional {
  /// Transposed convolution (the gradient of conv2d with respect to its input); `weight` is
  /// [in, out, k, k] as in nn.ConvTranspose2d.
  public static func convTranspose2d(
    _ x: Tensor, weight: Tensor, bias: Tensor?, stride: Int = 1, padding: Int = 0, outputPadding: Int = 0
  ) throws(TorchError) -> Tensor {
    try withExtendedLifetime(bias) { () throws(TorchError) -> Tensor in
      try makeTensor("conv_transpose2d: input \(x.shape), weight \(weight.shape)") {
        ct_conv_transpose2d(x.handle, weight.handle, bias?.handle, Int64(stride), Int64(padding), Int64(outputPadding), $0)
      }
    }
  }

  public static func conv2d(
    _ x: Tensor, weight: Tensor, bias: Tensor?, stride: Int = 1, padding: Int = 0
  ) throws(TorchError) -> Tensor {
    try withExtendedLifetime(bias) { () throws(TorchError) -> Tensor in
      try makeTensor("conv2d: input \(x.shape), weight \(weight.shape)") {
        ct_conv2d(x.handle, weight.handle, bias?.handle, Int64(stride), Int64(padding), $0)
      }
    }
  }

  /// Whether `linear(_:weight:bias:oneDNN: true)` runs oneDNN's kernel on `x` now.
  public static func oneDNNLinearApplies(to x: Tensor) -> Bool { ct_linear_onednn_applies(x.handle) }

  /// `oneDNN`: oneDNN's matrix kernel where it applies (a CPU float32 [N, in] input, no gradient
  /// recorded), the standard one otherwise; equal up to float rounding.
  public static func linear(_ x: Tensor, weight: Tensor, bias: Tensor?, oneDNN: Bool = false) throws(TorchError) -> Tensor {
    try withExtendedLifetime(bias) { () throws(TorchError) -> Tensor in
      try makeTensor("linear: input \(x.shape), weight \(weight.shape)") {
        ct_linear(x.handle, weight.handle, bias?.handle, oneDNN, $0)
      }
    }
  }

  /// Batch normalisation; in training the running statistics are updated in place with
  /// `running = (1 - momentum) * running + momentum * batch` (unbiased batch variance).
  public static func batchNorm(
    _ x: Tensor, weight: Tensor?, bias: Tensor?, runningMean: Tensor?, runningVar: Tensor?,
    training: Bool, momentum: Double, eps: Double
  ) throws(TorchError) -> Tensor {
    try withExtendedLifetime((weight, bias, runningMean, runningVar)) { () throws(TorchError) -> Tensor in
      try makeTensor("batch_norm: input \(x.shape)") {
        ct_batch_norm(
          x.handle, weight?.handle, bias?.handle, runningMean?.handle, runningVar?.handle, training,
          momentum, eps, $0)
      }
    }
  }

  /// One LSTM step (PyTorch gate order i, f, g, o); returns (h', c'). `oneDNN`: the gates' matrix
  /// products as in `linear(_:weight:bias:oneDNN:)`.
  public static func lstmCell(
    _ x: Tensor, h: Tensor, c: Tensor, weightIH: Tensor, weightHH: Tensor, biasIH: Tensor?, biasHH: Tensor?,
    oneDNN: Bool = false
  ) throws(TorchError) -> (h: Tensor, c: Tensor) {
    var outH: ct_tensor? = nil
    var outC: ct_tensor? = nil
    try withExtendedLifetime((biasIH, biasHH)) { () throws(TorchError) in
      try checkStatus("lstm_cell: input \(x.shape), h \(h.shape), c \(c.shape), w_ih \(weightIH.shape)") {
        ct_lstm_cell(
          x.handle, h.handle, c.handle, weightIH.handle, weightHH.handle, biasIH?.handle, biasHH?.handle, oneDNN,
          &outH, &outC, $0)
      }
    }
    return (Tensor(owning: outH!), Tensor(owning: outC!))
  }

  public static func avgPool2d(_ x: Tensor, kernel: Int, stride: Int, padding: Int = 0) throws(TorchError) -> Tensor {
    try makeTensor("avg_pool2d: input \(x.shape)") {
      ct_avg_pool2d(x.handle, Int64(kernel), Int64(stride), Int64(padding), $0)
    }
  }
  public static func maxPool2d(_ x: Tensor, kernel: Int, stride: Int, padding: Int = 0) throws(TorchError) -> Tensor {
    try makeTensor("max_pool2d: input \(x.shape)") {
      ct_max_pool2d(x.handle, Int64(kernel), Int64(stride), Int64(padding), $0)
    }
  }

  public enum PadMode: Int32, Sendable { case constant = 0, replicate = 1, reflect = 2 }
  /// Pads the last two dimensions by (left, right, top, bottom).
  public static func pad2d(
    _ x: Tensor, left: Int, right: Int, top: Int, bottom: Int, mode: PadMode
  ) throws(TorchError) -> Tensor {
    let pads: [Int64] = [Int64(left), Int64(right), Int64(top), Int64(bottom)]
    return try makeTensor("pad2d(\(mode)): input \(x.shape)") { ct_pad2d(x.handle, pads, mode.rawValue, $0) }
  }

  public static func cosineSimilarity(_ a: Tensor, _ b: Tensor, dim: Int = 1, eps: Double = 1e-8) throws(TorchError) -> Tensor {
    try makeTensor("cosine_similarity: shapes \(a.shape) and \(b.shape)") {
      ct_cosine_similarity(a.handle, b.handle, Int64(dim), eps, $0)
    }
  }

  /// x / max(||x||_2, eps) along `dim`.
  public static func normalize(_ x: Tensor, dim: Int = 1, eps: Double = 1e-12) throws(TorchError) -> Tensor {
    try makeTensor("normalize: shape \(x.shape)") { ct_normalize(x.handle, Int64(dim), eps, $0) }
  }

  /// Cross-entropy against a target distribution over the last dimension (soft labels), per row.
  public static func softCrossEntropy(logits: Tensor, target: Tensor) throws(TorchError) -> Tensor {
    // In float32 also under mixed precision, as autocast does for log_softmax on CUDA.
    try -(target * logits.inFullPrecision().logSoftmax(dim: -1)).sum(dim: -1)
  }
}
