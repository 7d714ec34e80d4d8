import Torch

/// The loss of one batch (Eq. 6) with what the learner and the logs need from it.
public struct LossOutput {
  /// Mean over the batch of importance-weighted per-sample losses (the value logged as "total").
  public var total: Tensor
  /// Per-term means over the batch, unweighted, and the total.
  public var terms: LossTerms
  /// New priorities |V(s_t) - z_t| + epsilon, one per sample.
  public var priorities: [Float]
  /// Batch means of V(s_t) (training mode) and of its target z_t: a value that lags its targets,
  /// or targets that lag the returns, show here first.
  public var valueMean: Double = 0
  public var valueTargetMean: Double = 0
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
    _ batch: TrainingBatch, config lossConfig: LossConfig, shared: SharedSettings, augmentation: Augmentation? = nil
  ) throws(TorchError) -> LossOutput {
    let b = batch.batchSize
    let unroll = shared.unrollSteps
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

    let (latents, heads) = try unrolled(
      stackedInput(inputFrames, start: 0), actions: actions, config: lossConfig, lstmHorizon: shared.lstmHorizon)
    let predicted = try transform.scalars(fromLogits: heads.value[0])
    let priorities = (0..<b).map { i in
      Float(Swift.abs(Double(predicted[i]) - Double(batch.valueTargets[i * (unroll + 1)])) + lossConfig.priorityEpsilon)
    }

    var valueLoss = try Functional.softCrossEntropy(logits: heads.value[0], target: valuePhi.select(dim: 1, index: 0))
    var policyLoss = try Functional.softCrossEntropy(logits: heads.policy[0], target: policy.select(dim: 1, index: 0))
    var rewardLoss = try Tensor.zeros([b], device: device)
    var consistencyLoss = try Tensor.zeros([b], device: device)
    for step in 0..<unroll {
      let mask = try masks.select(dim: 1, index: step)
      let maskAll = lossConfig.maskAllTermsPastEnd
      func masked(_ term: Tensor) throws(TorchError) -> Tensor { maskAll ? try term * mask : term }

      if lossConfig.consistency {
        let target = try Torch.withNoGrad { () throws(TorchError) -> Tensor in
          try projection.project(representation(prepare(stackedInput(targetFrames, start: step)))).detached()
        }
        let online = try projection.projectAndPredict(latents[step + 1])
        consistencyLoss = try consistencyLoss + negativeCosineSimilarity(online, target) * mask
      }
      policyLoss = try policyLoss + masked(Functional.softCrossEntropy(logits: heads.policy[step + 1], target: policy.select(dim: 1, index: step + 1)))
      valueLoss = try valueLoss + masked(Functional.softCrossEntropy(logits: heads.value[step + 1], target: valuePhi.select(dim: 1, index: step + 1)))
      rewardLoss = try rewardLoss + masked(Functional.softCrossEntropy(logits: heads.reward[step], target: rewardPhi.select(dim: 1, index: step)))
    }

    var perSample = try rewardLoss * lossConfig.rewardCoefficient + policyLoss * lossConfig.policyCoefficient
    perSample = try perSample + valueLoss * lossConfig.valueCoefficient
    if lossConfig.consistency { perSample = try perSample + consistencyLoss * lossConfig.consistencyCoefficient }
    let total = try (weights * perSample).mean()
    let terms = LossTerms(
      reward: try rewardLoss.mean().item(), policy: try policyLoss.mean().item(), value: try valueLoss.mean().item(),
      consistency: try consistencyLoss.mean().item(), total: try total.item(), rewardModel: config.rewardModel)
    let targetsAtRoot = (0..<b).map { Double(batch.valueTargets[$0 * (unroll + 1)]) }
    return LossOutput(
      total: total, terms: terms, priorities: priorities, valueMean: predicted.reduce(0) { $0 + Double($1) } / Double(b),
      valueTargetMean: targetsAtRoot.reduce(0, +) / Double(b))
  }

  /// The latent states of an unroll from `input` (k = 0 ... unroll) and the heads' logits: policy and
  /// value for every state, value prefix (or reward) for every state after a move. With
  /// `head_batch_norm: per_step` the heads run step by step, as the paper; with `unroll`, once over
  /// all steps.
  func unrolled(
    _ input: Tensor, actions: Tensor, config lossConfig: LossConfig, lstmHorizon: Int
  ) throws(TorchError) -> (latents: [Tensor], heads: (policy: [Tensor], value: [Tensor], reward: [Tensor])) {
    let perStep = config.headBatchNorm == .perStep
    let b = actions.size(0)
    var latents = [try representation(prepare(input))]
    var policy: [Tensor] = [], value: [Tensor] = [], reward: [Tensor] = []
    if perStep {
      let (p, v) = try prediction(latents[0])
      policy.append(p)
      value.append(v)
    }
    var rewardState = try rewardHead.initialState(batch: b)
    for step in 0..<actions.size(1) {
      // Every gradient reaching an unrolled state is halved (a hook on the state in the reference).
      let latent = try dynamics(latents[step], actions: actions.select(dim: 1, index: step))
        .scalingGradient(by: lossConfig.hiddenGradientScale)
      latents.append(latent)
      guard perStep else { continue }
      let (r, nextRewardState) = try rewardHead(latent, state: rewardState)
      rewardState = nextRewardState
      reward.append(r)
      let (p, v) = try prediction(latent, fromDynamics: true)
      policy.append(p)
      value.append(v)
      if (step + 1) % lstmHorizon == 0 { rewardState = try rewardHead.initialState(batch: b) }
    }
    if !perStep {
      (policy, value) = try prediction.overUnroll(latents)
      reward = try rewardHead.logitsOverUnroll(Array(latents.dropFirst()), lstmHorizon: lstmHorizon)
    }
    return (latents, (policy, value, reward))
  }
}
