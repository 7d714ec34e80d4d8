/// The learned model as the search sees it: one batched recurrent inference per simulation, one leaf per root.
///
/// Latent slots: the search never holds latent states, it names where they live. The caller keeps, for every
/// root b, a latent state (and value-prefix LSTM state) per slot:
/// - slot 0 holds the root's state (from the initial inference);
/// - simulation k (0-based) creates one node per root, whose state belongs in slot k + 1 (`LeafBatch.newSlot`),
///   so a search of N simulations uses slots 0...N for each root.
/// A node's slot never changes, and slot s of root b is written once per search, by simulation s - 1.
public protocol SearchModel {
  /// What an evaluation can fail with (`Never` for a model that cannot fail); the search stops and
  /// rethrows it.
  associatedtype Failure: Error = Never

  /// Evaluates one leaf per root. For root b, read the latent state at `leaves.parentSlots[b]`, apply the
  /// dynamics to action `leaves.actions[b]`, store the new latent state at `leaves.newSlot`, and write the
  /// predictions into `evaluations` (arrays are already sized; keep their sizes).
  ///
  /// `leaves.resetsValuePrefix[b]` says the value-prefix LSTM must start from a zero state for this step
  /// instead of the state stored at the parent's slot (the parent is at a depth that is a multiple of the
  /// LSTM horizon, the root included).
  mutating func recurrent(_ leaves: LeafBatch, into evaluations: inout LeafEvaluations) throws(Failure)
}

/// The leaves chosen in one simulation, one per root, in root order.
public struct LeafBatch: Sendable {
  /// Number of roots (and leaves).
  public internal(set) var count: Int
  /// Number of actions.
  public internal(set) var actionCount: Int
  /// The slot at which every root's new latent state is to be stored.
  public internal(set) var newSlot: Int
  /// The slot of each leaf's parent, where the state to expand from lives.
  public internal(set) var parentSlots: [Int]
  /// The action taken from the parent.
  public internal(set) var actions: [Int]
  /// Whether the value-prefix LSTM starts from zeros for this leaf.
  public internal(set) var resetsValuePrefix: [Bool]
  /// Depth of each leaf (the root has depth 0), for statistics and checks.
  public internal(set) var depths: [Int]

  init(count: Int, actionCount: Int) {
    self.count = count
    self.actionCount = actionCount
    newSlot = 0
    parentSlots = Array(repeating: 0, count: count)
    actions = Array(repeating: 0, count: count)
    resetsValuePrefix = Array(repeating: false, count: count)
    depths = Array(repeating: 0, count: count)
  }
}

/// The model's predictions for a `LeafBatch`, written by the model in root order.
public struct LeafEvaluations: Sendable {
  /// Predicted value prefix of each leaf (the scalar, after the categorical decoding).
  public var valuePrefixes: [Float]
  /// Predicted value of each leaf (the scalar).
  public var values: [Float]
  /// Policy logits, `count` rows of `actionCount`, row-major.
  public var policyLogits: [Float]

  init(count: Int, actionCount: Int) {
    valuePrefixes = Array(repeating: 0, count: count)
    values = Array(repeating: 0, count: count)
    policyLogits = Array(repeating: 0, count: count * actionCount)
  }
}
