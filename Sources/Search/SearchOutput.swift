/// What a search returns for each of its B roots; per-action arrays are B rows of A, row-major.
public struct SearchOutput: Sendable {
  public internal(set) var rootCount: Int
  public internal(set) var actionCount: Int
  /// N(root, a): visits of each root action.
  public internal(set) var visitCounts: [Int]
  /// Eq. 11: N(root, a)^(1/T) normalised over the root's actions, at the configuration's temperature (PUCT);
  /// the improved policy (Gumbel).
  public internal(set) var policy: [Float]
  /// The policy a learner trains toward: the visit distribution N(root, a) / sum N (PUCT; Eq. 11 at
  /// temperature 1), or the improved policy softmax(logits + sigma(completed Q)) (Gumbel).
  public internal(set) var policyTargets: [Float]
  /// The root's mean value: its value sum over its visit count (which counts the initial visit), the value
  /// the off-policy correction bootstraps from (Eq. 4).
  public internal(set) var rootValues: [Float]
  /// The action chosen at each root. PUCT: sampled from `policy` with the root's random stream, or at
  /// temperature 0 an arg-max of the visit counts with ties broken at random. Gumbel: the winner of
  /// Sequential Halving, arg-max of g + logits + sigma(Q) among the most visited actions.
  public internal(set) var actions: [Int]
  /// Depth of the deepest leaf each root's search expanded (the root has depth 0).
  public internal(set) var maxDepths: [Int]
  /// Mean depth of the leaves each root's search expanded.
  public internal(set) var meanDepths: [Float]

  init() {
    rootCount = 0
    actionCount = 0
    visitCounts = []
    policy = []
    policyTargets = []
    rootValues = []
    actions = []
    maxDepths = []
    meanDepths = []
  }

  /// Sizes every array for `rootCount` roots of `actionCount` actions, keeping capacity already there.
  mutating func resize(rootCount: Int, actionCount: Int) {
    self.rootCount = rootCount
    self.actionCount = actionCount
    func fit<T>(_ array: inout [T], _ count: Int, _ zero: T) {
      if array.count != count {
        array.removeAll(keepingCapacity: true)
        array.append(contentsOf: repeatElement(zero, count: count))
      }
    }
    fit(&visitCounts, rootCount * actionCount, 0)
    fit(&policy, rootCount * actionCount, 0)
    fit(&policyTargets, rootCount * actionCount, 0)
    fit(&rootValues, rootCount, 0)
    fit(&actions, rootCount, 0)
    fit(&maxDepths, rootCount, 0)
    fit(&meanDepths, rootCount, 0)
  }

  public func visitCounts(root: Int) -> ArraySlice<Int> {
    visitCounts[root * actionCount..<(root + 1) * actionCount]
  }

  public func policy(root: Int) -> ArraySlice<Float> {
    policy[root * actionCount..<(root + 1) * actionCount]
  }

  public func policyTargets(root: Int) -> ArraySlice<Float> {
    policyTargets[root * actionCount..<(root + 1) * actionCount]
  }
}
