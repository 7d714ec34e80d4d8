import Torch

/// The loss of one batch (Eq. 6) with what the learner and the logs need from it.
public struct LossOutput {
  /// Mean over the batch of importance-weighted per-sample losses (the value logged as "total").
  public var total: Tensor
  /// Per-term means over the batch, unweighted, and the total.
  public var terms: LossTerms
  /// New priorities |V(s_t) - z_t| + epsilon, one per sample.
  public var priorities: [Float]
}

/// Negative cosine similarity per row, with the reference's normalisation epsilon (1e-5).
func negativeCosineSimilarity(_ a: Tensor, _ b: Tensor) throws(TorchError) -> Tensor {
  let na = try Functional.normalize(a.inFullPrecision(), dim: -1, eps: 1e-5)
  let nb = try Functional.normalize(b.inFullPrecision(), dim: -1, eps: 1e-5)
  return try -(na * nb).sum(dim: 1)
}

extension EfficientZeroNetwork {
  /// Frames `start ..< start + stack` of every sample, merged on the channel (feature) axis.
  func stackedInput(_ frames: Tensor, start: Int) throws(TorchError) -> Tensor {
    let stack = config.stackedFrames
    let window = try frames.slice(dim: 1, start: start, end: start + stack)
    let s = window.shape
    return try window.reshape([s[0], s[1] * s[2]] + Array(s.dropFirst(3)))
  }

  /// Eq. 6 over an unroll: value-prefix, policy, value and consistency terms; the caller backprops
  /// `total / unrollSteps` (the reference scales the gradient of the summed loss by 1/unroll).
  public func loss(
    _ batch: TrainingBatch, config lossConfig: LossConfig, augmentation: Augmentation? = nil
  ) throws(TorchError) -> LossOutput {
    let b = batch.batchSize
    let unroll = lossConfig.unrollSteps
    let actionCount = config.actionCount
    let expectedFrames = config.stackedFrames + unroll
    guard batch.observations.size(1) == expectedFrames, batch.actions.shape == [b, unroll],
      batch.valuePrefixTargets.count == b * unroll, batch.valueTargets.count == b * (unroll + 1),
      batch.policyTargets.count == b * (unroll + 1) * actionCount, batch.masks.count == b * unroll,
      batch.weights.count == b
    else {
      throw TorchError(
        "training batch does not match the network and unroll \(unroll): observations \(batch.observations.shape) "
          + "(need \(expectedFrames) frames), actions \(batch.actions.shape)")
    }
    let frames = try prepare(batch.observations)
    let isImage = frames.rank == 5
    // The reference augments the input stack and the target frames independently.
    func augmented(_ x: Tensor) throws(TorchError) -> Tensor {
      guard isImage, lossConfig.augmentation, let augmentation else { return x }
      let s = x.shape
      let flat = try x.reshape([s[0], s[1] * s[2], s[3], s[4]])
      return try augmentation(flat).reshape(s)
    }
    let inputFrames = try augmented(frames.slice(dim: 1, start: 0, end: config.stackedFrames))
    let targetFrames = try augmented(frames.slice(dim: 1, start: 1, end: expectedFrames))

    // Targets as tensors: [B, steps, atoms] two-hot of h(.) for scalars; [B, steps, A] policies.
    // Targets as tensors on the network's device.
    let valuePhi = try transform.twoHot(batch.valueTargets).reshape([b, unroll + 1, -1]).to(device)
    let rewardPhi = try transform.twoHot(batch.valuePrefixTargets).reshape([b, unroll, -1]).to(device)
    let policy = try Tensor(batch.policyTargets, shape: [b, unroll + 1, actionCount]).to(device)
    let masks = try Tensor(batch.masks, shape: [b, unroll]).to(device)
    let weights = try Tensor(batch.weights, shape: [b]).to(device)
    let actions = try batch.actions.to(device)

    let (initialLatent, p0, v0) = try initial(stackedInput(inputFrames, start: 0))
    let predicted = try transform.scalars(fromLogits: v0)
    let priorities = (0..<b).map { i in
      Float(Swift.abs(Double(predicted[i]) - Double(batch.valueTargets[i * (unroll + 1)])) + lossConfig.priorityEpsilon)
    }

    var valueLoss = try Functional.softCrossEntropy(logits: v0, target: valuePhi.select(dim: 1, index: 0))
    var policyLoss = try Functional.softCrossEntropy(logits: p0, target: policy.select(dim: 1, index: 0))
    var rewardLoss = try Tensor.zeros([b], device: device)
    var consistencyLoss = try Tensor.zeros([b], device: device)
    var latent = initialLatent
    var rewardState = try rewardHead.initialState(batch: b)
    for step in 0..<unroll {
      // Every gradient reaching an unrolled state is halved (a hook on the state in the reference).
      latent = try dynamics(latent, actions: actions.select(dim: 1, index: step))
        .scalingGradient(by: lossConfig.hiddenGradientScale)
      let (valuePrefixLogits, nextRewardState) = try rewardHead(latent, state: rewardState)
      rewardState = nextRewardState
      let (p, v) = try prediction(latent, fromDynamics: true)
      let mask = try masks.select(dim: 1, index: step)
      let maskAll = lossConfig.maskAllTermsPastEnd
      func masked(_ term: Tensor) throws(TorchError) -> Tensor { maskAll ? try term * mask : term }

      if lossConfig.consistency {
        let target = try Torch.withNoGrad { () throws(TorchError) -> Tensor in
          try projection.project(representation(prepare(stackedInput(targetFrames, start: step)))).detached()
        }
        let online = try projection.projectAndPredict(latent)
        consistencyLoss = try consistencyLoss + negativeCosineSimilarity(online, target) * mask
      }
      policyLoss = try policyLoss + masked(Functional.softCrossEntropy(logits: p, target: policy.select(dim: 1, index: step + 1)))
      valueLoss = try valueLoss + masked(Functional.softCrossEntropy(logits: v, target: valuePhi.select(dim: 1, index: step + 1)))
      rewardLoss = try rewardLoss + masked(Functional.softCrossEntropy(logits: valuePrefixLogits, target: rewardPhi.select(dim: 1, index: step)))
      if (step + 1) % lossConfig.lstmHorizon == 0 { rewardState = try rewardHead.initialState(batch: b) }
    }

    var perSample = try rewardLoss * lossConfig.rewardCoefficient + policyLoss * lossConfig.policyCoefficient
    perSample = try perSample + valueLoss * lossConfig.valueCoefficient
    if lossConfig.consistency { perSample = try perSample + consistencyLoss * lossConfig.consistencyCoefficient }
    let total = try (weights * perSample).mean()
    let terms = LossTerms(
      reward: try rewardLoss.mean().item(), policy: try policyLoss.mean().item(), value: try valueLoss.mean().item(),
      consistency: try consistencyLoss.mean().item(), total: try total.item(), rewardModel: config.rewardModel)
    return LossOutput(total: total, terms: terms, priorities: priorities)
  }
}
