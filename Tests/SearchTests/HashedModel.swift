import Search

/// Stand-in predictions that are a pure function of (root, action path), via hashing. The value prefix behaves
/// like EfficientZero's LSTM: a running sum of per-step rewards that restarts after every node whose depth is a
/// multiple of the horizon.
struct HashedPredictions {
  var seed: UInt64
  var actionCount: Int
  var horizon: Int
  var valueScale: Float
  var rewardScale: Float
  var logitScale: Float = 3

  func rootHash(_ root: Int) -> UInt64 { mix(seed ^ mix(UInt64(root) &+ 0x1234_5678)) }

  func childHash(_ parent: UInt64, _ action: Int) -> UInt64 { mix(parent &+ mix(UInt64(action) &+ 0xA5A5)) }

  func reward(_ hash: UInt64) -> Float { (2 * unit(hash, 1) - 1) * rewardScale }

  func value(_ hash: UInt64) -> Float { (2 * unit(hash, 2) - 1) * valueScale }

  func logit(_ hash: UInt64, _ action: Int) -> Float { (2 * unit(hash, 3 + UInt64(action)) - 1) * logitScale }

  func logits(_ hash: UInt64) -> [Float] { (0..<actionCount).map { logit(hash, $0) } }

  func rootLogits(_ root: Int) -> [Float] { logits(rootHash(root)) }

  /// What the model predicts for the node reached from `root` by `path`, computed from the path alone.
  func evaluate(root: Int, path: [Int]) -> (valuePrefix: Float, value: Float, logits: [Float]) {
    var hash = rootHash(root)
    var prefix: Float = 0
    for (parentDepth, action) in path.enumerated() {
      hash = childHash(hash, action)
      prefix = (parentDepth % horizon == 0 ? 0 : prefix) + reward(hash)
    }
    return (prefix, value(hash), logits(hash))
  }

  private func unit(_ hash: UInt64, _ salt: UInt64) -> Float {
    Float(mix(hash ^ (salt &* 0x9E37_79B9_7F4A_7C15)) >> 40) * 0x1p-24
  }

  private func mix(_ x: UInt64) -> UInt64 {
    var z = x &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// The same predictions served the way a real model is: latent "states" (here the path hash) and LSTM states
/// (the running prefix) stored per slot by the caller, found again only through the slots the search hands out.
struct HashedModel: SearchModel {
  let predictions: HashedPredictions
  let rootCount: Int
  private var latent: [UInt64?]
  private var lstm: [Float]
  /// Set if the search ever reads an unwritten slot or writes a slot twice.
  private(set) var slotViolations = 0
  /// Every batch the search sent, when recording.
  private(set) var batches: [LeafBatch] = []
  var recordsBatches = false

  init(predictions: HashedPredictions, rootCount: Int, simulations: Int) {
    self.predictions = predictions
    self.rootCount = rootCount
    latent = Array(repeating: nil, count: (simulations + 1) * rootCount)
    lstm = Array(repeating: 0, count: (simulations + 1) * rootCount)
    for root in 0..<rootCount { latent[root] = predictions.rootHash(root) }
  }

  var roots: SearchRoots {
    SearchRoots(
      count: rootCount, actionCount: predictions.actionCount,
      policyLogits: (0..<rootCount).flatMap { predictions.rootLogits($0) })
  }

  mutating func recurrent(_ leaves: LeafBatch, into evaluations: inout LeafEvaluations) {
    if recordsBatches { batches.append(leaves) }
    let a = predictions.actionCount
    for root in 0..<leaves.count {
      let from = leaves.parentSlots[root] * rootCount + root
      let to = leaves.newSlot * rootCount + root
      guard let parentHash = latent[from], latent[to] == nil else {
        slotViolations += 1
        continue
      }
      let hash = predictions.childHash(parentHash, leaves.actions[root])
      let prefix = (leaves.resetsValuePrefix[root] ? 0 : lstm[from]) + predictions.reward(hash)
      latent[to] = hash
      lstm[to] = prefix
      evaluations.valuePrefixes[root] = prefix
      evaluations.values[root] = predictions.value(hash)
      for action in 0..<a { evaluations.policyLogits[root * a + action] = predictions.logit(hash, action) }
    }
  }
}
