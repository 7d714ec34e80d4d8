import Torch

/// Outputs of a batched inference for the search: scalars already mapped back from the support.
public struct InferenceOutput {
  public var latent: Tensor
  /// Value prefix (or reward, for the per-step reward model); zero for an initial inference.
  public var valuePrefixes: [Float]
  public var values: [Float]
  /// [batch * actions], row-major.
  public var policyLogits: [Float]
  public var rewardState: RewardState?
}

extension EfficientZeroNetwork {
  /// Initial inference for the search: eval mode, no autograd; refreshes the fast-inference
  /// preparation (`useFastInference()`), which the recurrent inferences after it use.
  public func initialInference(_ observations: Tensor) throws(TorchError) -> InferenceOutput {
    try refreshInferencePreparation()
    return try Torch.withInferenceMode { () throws(TorchError) -> InferenceOutput in
      let (latent, p, v) = try inPrecision { () throws(TorchError) in try initial(observations) }
      let n = latent.size(0)
      return InferenceOutput(
        latent: try latent.inFullPrecision(), valuePrefixes: [Float](repeating: 0, count: n),
        values: try transform.scalars(fromLogits: v.inFullPrecision()), policyLogits: try p.inFullPrecision().toArray(Float.self),
        rewardState: try rewardHead.initialState(batch: n))
    }
  }

  /// Recurrent inference for the search. Rows of `resetRewardState` that are true start a new
  /// value-prefix horizon (zero LSTM state) before this step.
  public func recurrentInference(
    _ latent: Tensor, actions: [Int], rewardState: RewardState?, resetRewardState: [Bool]? = nil
  ) throws(TorchError) -> InferenceOutput {
    try Torch.withInferenceMode { () throws(TorchError) -> InferenceOutput in
      var state = rewardState
      if let reset = resetRewardState, let s = state { state = try s.resetting(reset) }
      let a = try Tensor(actions.map(Int64.init))
      let out = try inPrecision { () throws(TorchError) in try recurrent(latent, actions: a, rewardState: state) }
      var nextState = out.rewardState
      if let s = nextState {
        nextState = RewardState(h: try s.h.inFullPrecision(), c: try s.c.inFullPrecision(), stepsSinceReset: s.stepsSinceReset)
      }
      return InferenceOutput(
        latent: try out.latent.inFullPrecision(), valuePrefixes: try transform.scalars(fromLogits: out.valuePrefixLogits.inFullPrecision()),
        values: try transform.scalars(fromLogits: out.valueLogits.inFullPrecision()),
        policyLogits: try out.policyLogits.inFullPrecision().toArray(Float.self), rewardState: nextState)
    }
  }
}
