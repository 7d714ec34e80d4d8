import Search
import Torch

/// The learned model behind the search: keeps every root's latent states (and value-prefix LSTM
/// states) in slot-major buffers, row `slot * B + root`, and runs one batched recurrent inference
/// per simulation.
struct NetworkSearchModel: SearchModel {
  let network: EfficientZeroNetwork
  let rootCount: Int
  /// The network's device: the latent buffers and their row indices live there; only the small
  /// per-leaf outputs come back to the CPU.
  let device: Device
  private var latents: Tensor
  private var hidden: Tensor?
  private var cell: Tensor?
  /// LSTM steps since the last reset, per row (slot-major like the states).
  private var stepsSinceReset: [Int]

  /// Slot 0 holds the roots' states from the initial inference.
  init(network: EfficientZeroNetwork, roots: InferenceOutput, simulations: Int) throws(TorchError) {
    self.network = network
    let b = roots.latent.size(0)
    rootCount = b
    let slots = simulations + 1
    let device = network.device
    self.device = device
    latents = try Torch.withInferenceMode { () throws(TorchError) -> Tensor in
      let buffer = try Tensor.zeros([slots * b] + Array(roots.latent.shape.dropFirst()), device: device)
      try buffer.slice(dim: 0, start: 0, end: b).copyInPlace(from: roots.latent)
      return buffer
    }
    stepsSinceReset = [Int](repeating: 0, count: slots * b)
    if let state = roots.rewardState {
      let width = state.h.size(1)
      hidden = try Torch.withInferenceMode { () throws(TorchError) in try Tensor.zeros([slots * b, width], device: device) }
      cell = try Torch.withInferenceMode { () throws(TorchError) in try Tensor.zeros([slots * b, width], device: device) }
    }
  }

  mutating func recurrent(_ leaves: LeafBatch, into evaluations: inout LeafEvaluations) throws(TorchError) {
    let b = rootCount
    let parentRows = try Tensor((0..<b).map { Int64(leaves.parentSlots[$0] * b + $0) }).to(device)
    let newRows = try Tensor((0..<b).map { Int64(leaves.newSlot * b + $0) }).to(device)
    try Torch.withInferenceMode { () throws(TorchError) in
      let parent = try latents.indexSelect(dim: 0, index: parentRows)
      var state: RewardState? = nil
      if let hidden, let cell {
        state = RewardState(
          h: try hidden.indexSelect(dim: 0, index: parentRows), c: try cell.indexSelect(dim: 0, index: parentRows),
          stepsSinceReset: (0..<b).map { stepsSinceReset[leaves.parentSlots[$0] * b + $0] })
      }
      let out = try network.recurrentInference(
        parent, actions: leaves.actions, rewardState: state, resetRewardState: leaves.resetsValuePrefix)
      try latents.indexCopyInPlace(dim: 0, index: newRows, source: out.latent)
      if let hidden, let cell, let s = out.rewardState {
        try hidden.indexCopyInPlace(dim: 0, index: newRows, source: s.h)
        try cell.indexCopyInPlace(dim: 0, index: newRows, source: s.c)
        for root in 0..<b { stepsSinceReset[leaves.newSlot * b + root] = s.stepsSinceReset[root] }
      }
      evaluations.valuePrefixes = out.valuePrefixes
      evaluations.values = out.values
      evaluations.policyLogits = out.policyLogits
    }
  }
}

/// Runs the initial inference on stacked observations and a full search from there.
struct NetworkSearcher {
  let network: EfficientZeroNetwork
  var configuration: SearchConfig
  var search = BatchedSearch()

  init(network: EfficientZeroNetwork, configuration: SearchConfig) {
    self.network = network
    self.configuration = configuration
  }

  /// Searches from every observation in `observations` (a batch of network inputs).
  mutating func run(observations: Tensor, seed: UInt64) throws(TorchError) -> (
    output: SearchOutput, predictedValues: [Float], priorLogits: [Float]
  ) {
    network.eval()
    let initial = try network.initialInference(observations)
    let b = initial.latent.size(0)
    var model = try NetworkSearchModel(network: network, roots: initial, simulations: configuration.simulations)
    let roots = SearchRoots(
      count: b, actionCount: network.config.actionCount, policyLogits: initial.policyLogits, values: initial.values)
    let output = try search.run(roots: roots, model: &model, configuration: configuration, seed: seed)
    return (output, initial.values, initial.policyLogits)
  }
}
