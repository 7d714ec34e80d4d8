import Torch

/// One minibatch of unrolled positions with their targets, as made by the replay and reanalysis.
/// Index conventions follow Eq. 6: step 0 is the sampled position t, step k is t + k.
public struct TrainingBatch {
  /// Frames t - stack + 1 ... t + unroll per sample: [B, stack + unroll, C, H, W] (uint8 or float)
  /// for images, [B, stack + unroll, D] for vectors.
  public var observations: Tensor
  /// Actions a_t ... a_{t+unroll-1}: [B, unroll] int64.
  public var actions: Tensor
  /// Value-prefix targets u_{t+1..t+unroll} (or per-step rewards for the reward model), B x unroll.
  public var valuePrefixTargets: [Float]
  /// Value targets z_t ... z_{t+unroll}, B x (unroll + 1).
  public var valueTargets: [Float]
  /// Policy targets pi_t ... pi_{t+unroll}, B x (unroll + 1) x actions; all-zero rows past an episode end.
  public var policyTargets: [Float]
  /// 1 where step k + 1 (k = 0 ..< unroll) lies inside the episode, else 0: B x unroll.
  public var masks: [Float]
  /// Importance-sampling weights of prioritised replay, B.
  public var weights: [Float]

  public init(
    observations: Tensor, actions: Tensor, valuePrefixTargets: [Float], valueTargets: [Float], policyTargets: [Float],
    masks: [Float], weights: [Float]
  ) {
    self.observations = observations
    self.actions = actions
    self.valuePrefixTargets = valuePrefixTargets
    self.valueTargets = valueTargets
    self.policyTargets = policyTargets
    self.masks = masks
    self.weights = weights
  }

  public var batchSize: Int { observations.size(0) }
}
