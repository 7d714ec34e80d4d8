/// The roots of a batched search, as the initial inference describes them.
///
/// A root's value prefix is 0 and its value-prefix LSTM state is the zero state (the root is a reset node).
/// The paper's PUCT needs only its policy logits (the root starts with one visit and a value sum of 0); the
/// Gumbel search, and PUCT with `RootFirstVisit.network`, also read its value.
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
  /// The roots' predicted values, one per root. The Gumbel search needs them (they complete the Q values
  /// of unvisited root actions); PUCT counts them as the root's first visit with `RootFirstVisit.network`.
  public var values: [Float]?
  /// Gumbel draws for the Gumbel search, `count` rows of `actionCount`; nil draws them from each root's
  /// random stream when `GumbelSettings.drawsGumbel` is on (and uses zeros when it is off).
  public var gumbel: [Float]?

  public init(
    count: Int, actionCount: Int, policyLogits: [Float], legalActions: [Bool]? = nil, values: [Float]? = nil,
    gumbel: [Float]? = nil
  ) {
    self.count = count
    self.actionCount = actionCount
    self.policyLogits = policyLogits
    self.legalActions = legalActions
    self.values = values
    self.gumbel = gumbel
  }

  /// Stops the program if the shapes disagree or a root has no legal action.
  func validate() {
    precondition(count > 0 && actionCount > 0, "a search needs at least one root and one action")
    precondition(policyLogits.count == count * actionCount, "policyLogits must hold count x actionCount values")
    if let values { precondition(values.count == count, "values must hold one value per root") }
    if let gumbel { precondition(gumbel.count == count * actionCount, "gumbel must hold count x actionCount draws") }
    guard let legalActions else { return }
    precondition(legalActions.count == count * actionCount, "legalActions must hold count x actionCount flags")
    for root in 0..<count {
      precondition(
        legalActions[root * actionCount..<(root + 1) * actionCount].contains(true),
        "root \(root) has no legal action")
    }
  }
}
