import Search

/// A single-root model whose predictions are written out per action path, for trees computed by hand.
/// Paths not in the table predict value prefix 0, value 0 and uniform logits.
struct PathTableModel: SearchModel {
  typealias Prediction = (valuePrefix: Float, value: Float, logits: [Float])

  let actionCount: Int
  let table: [[Int]: Prediction]
  /// The action path stored at each slot (slot 0 is the root).
  private(set) var paths: [[Int]] = [[]]
  private(set) var batches: [LeafBatch] = []

  init(actionCount: Int, table: [[Int]: Prediction]) {
    self.actionCount = actionCount
    self.table = table
  }

  mutating func recurrent(_ leaves: LeafBatch, into evaluations: inout LeafEvaluations) {
    precondition(leaves.count == 1 && leaves.newSlot == paths.count)
    batches.append(leaves)
    let path = paths[leaves.parentSlots[0]] + [leaves.actions[0]]
    paths.append(path)
    let prediction = table[path] ?? (0, 0, Array(repeating: 0, count: actionCount))
    evaluations.valuePrefixes[0] = prediction.valuePrefix
    evaluations.values[0] = prediction.value
    for a in 0..<actionCount { evaluations.policyLogits[a] = prediction.logits[a] }
  }
}

/// A one-action model: the tree is a chain, simulation k expands depth k. Every step earns reward 1 and the
/// value prefix is kept like the LSTM's, restarting from zero when the search says so.
struct ChainModel: SearchModel {
  private(set) var prefixBySlot: [Float] = [0]
  private(set) var batches: [LeafBatch] = []

  mutating func recurrent(_ leaves: LeafBatch, into evaluations: inout LeafEvaluations) {
    batches.append(leaves)
    let prefix = (leaves.resetsValuePrefix[0] ? 0 : prefixBySlot[leaves.parentSlots[0]]) + 1
    prefixBySlot.append(prefix)
    evaluations.valuePrefixes[0] = prefix
    evaluations.values[0] = 0
    evaluations.policyLogits[0] = 0
  }
}
