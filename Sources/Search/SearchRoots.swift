/// The roots of a batched search, as the initial inference describes them.
///
/// A root's value prefix is 0 and its value-prefix LSTM state is the zero state (the root is a reset node);
/// its predicted value does not enter the search's statistics (the root starts with one visit and a value sum
/// of 0), so only its policy logits are needed.
public struct SearchRoots: Sendable {
  /// Number of roots, B.
  public var count: Int
  /// Number of actions, the same for every root.
  public var actionCount: Int
  /// `count` rows of `actionCount` policy logits, row-major.
  public var policyLogits: [Float]
  /// `count` rows of `actionCount` flags, row-major; nil when every action is legal. Illegal actions get no
  /// prior (the softmax runs over the legal ones) and are never visited. Masks apply at the root only.
  public var legalActions: [Bool]?

  public init(count: Int, actionCount: Int, policyLogits: [Float], legalActions: [Bool]? = nil) {
    self.count = count
    self.actionCount = actionCount
    self.policyLogits = policyLogits
    self.legalActions = legalActions
  }

  /// Stops the program if the shapes disagree or a root has no legal action.
  func validate() {
    precondition(count > 0 && actionCount > 0, "a search needs at least one root and one action")
    precondition(policyLogits.count == count * actionCount, "policyLogits must hold count x actionCount values")
    guard let legalActions else { return }
    precondition(legalActions.count == count * actionCount, "legalActions must hold count x actionCount flags")
    for root in 0..<count {
      precondition(
        legalActions[root * actionCount..<(root + 1) * actionCount].contains(true),
        "root \(root) has no legal action")
    }
  }
}
