import Search

/// A deliberately plain EfficientZero search: one tree of node objects, recursion for selection and backup,
/// and every quantity recomputed from its equation when it is needed (Σ_b N by summing, Q from r + γ V, the
/// min-max bounds by walking the whole tree after every backup). Slow and obvious, for checking the fast one.
final class ReferenceNode {
  let depth: Int
  var valuePrefix: Float = 0
  var reward: Float = 0
  var visitCount = 0
  var valueSum: Float = 0
  var priors: [Float] = []
  var children: [ReferenceNode?] = []

  init(depth: Int) { self.depth = depth }

  var value: Float { visitCount == 0 ? 0 : valueSum / Float(visitCount) }
}

struct ReferenceResult {
  var root: ReferenceNode
  var visitCounts: [Int]
  var rootValue: Float
  var policy: [Float]
  var action: Int
  var maxDepth: Int
  var meanDepth: Float
}

struct ReferenceSearch {
  var configuration: SearchConfig
  var actionCount: Int
  /// The model: (value prefix, value, policy logits) of the node at an action path.
  var evaluate: ([Int]) -> (valuePrefix: Float, value: Float, logits: [Float])

  private var minimum: Float = .infinity
  private var maximum: Float = -.infinity
  private var root = ReferenceNode(depth: 0)
  private var random = SearchRandom(seed: 0)
  private var depthSum = 0
  private var maxDepth = 0

  init(
    configuration: SearchConfig, actionCount: Int,
    evaluate: @escaping ([Int]) -> (valuePrefix: Float, value: Float, logits: [Float])
  ) {
    self.configuration = configuration
    self.actionCount = actionCount
    self.evaluate = evaluate
  }

  mutating func run(rootLogits: [Float], legal: [Bool]?, random: SearchRandom) -> ReferenceResult {
    self.random = random
    minimum = .infinity
    maximum = -.infinity
    depthSum = 0
    maxDepth = 0
    root = ReferenceNode(depth: 0)
    root.priors = softmax(rootLogits, legal: legal)
    root.children = Array(repeating: nil, count: actionCount)
    if let noise = configuration.puctSettings.rootNoise {
      let legalActions = (0..<actionCount).filter { legal?[$0] ?? true }
      var sample = [Double](repeating: 0, count: legalActions.count)
      self.random.dirichlet(alpha: noise.alpha, into: &sample)
      for (i, a) in legalActions.enumerated() {
        root.priors[a] = root.priors[a] * (1 - noise.fraction) + Float(sample[i]) * noise.fraction
      }
    }
    root.visitCount = 1  // the root starts with one visit and value sum 0

    for _ in 0..<configuration.simulations {
      _ = simulate(root, path: [], parentMeanQ: 0, legal: legal)
      if configuration.qNormalisation.bounds == .wholeTree { recomputeBoundsOverWholeTree() }
    }

    let visitCounts = root.children.map { $0?.visitCount ?? 0 }
    let action = VisitPolicy.chooseAction(
      visitCounts: visitCounts, temperature: configuration.puctSettings.temperature, random: &self.random)
    return ReferenceResult(
      root: root, visitCounts: visitCounts, rootValue: root.valueSum / Float(root.visitCount),
      policy: VisitPolicy.distribution(visitCounts: visitCounts, temperature: configuration.puctSettings.temperature),
      action: action, maxDepth: maxDepth,
      meanDepth: Float(depthSum) / Float(configuration.simulations))
  }

  /// One simulation below `node`; returns the discounted return added to `node`'s value sum.
  private mutating func simulate(_ node: ReferenceNode, path: [Int], parentMeanQ: Float, legal: [Bool]?) -> Float {
    let isRoot = path.isEmpty
    let meanQ = estimatedQ(node, isRoot: isRoot, parentMeanQ: parentMeanQ)
    let action = select(node, meanQ: meanQ, legal: isRoot ? legal : nil)
    let childReturn: Float
    let child: ReferenceNode
    if let existing = node.children[action] {
      child = existing
      childReturn = simulate(child, path: path + [action], parentMeanQ: meanQ, legal: nil)
    } else {
      child = ReferenceNode(depth: node.depth + 1)
      let prediction = evaluate(path + [action])
      child.valuePrefix = prediction.valuePrefix
      let parentResets = node.depth % configuration.valuePrefixHorizon == 0
      child.reward = parentResets ? prediction.valuePrefix : prediction.valuePrefix - node.valuePrefix
      child.priors = softmax(prediction.logits, legal: nil)
      child.children = Array(repeating: nil, count: actionCount)
      node.children[action] = child
      depthSum += child.depth
      maxDepth = max(maxDepth, child.depth)
      childReturn = prediction.value
      child.valueSum += childReturn
      child.visitCount += 1
      includeInRunningBounds(q(child))
    }
    let bootstrap = child.reward + configuration.discount * childReturn
    node.valueSum += bootstrap
    node.visitCount += 1
    includeInRunningBounds(isRoot ? configuration.discount * node.value : q(node))
    return bootstrap
  }

  /// Q(s, a) = r + γ V(child).
  private func q(_ child: ReferenceNode) -> Float {
    child.reward + configuration.discount * (child.valueSum / Float(child.visitCount))
  }

  /// Eq. 8 as the reference tree has it: the root's estimate is the mean Q of its visited children (0 if none).
  private func estimatedQ(_ node: ReferenceNode, isRoot: Bool, parentMeanQ: Float) -> Float {
    var total: Float = 0
    var visited = 0
    for child in node.children {
      if let child, child.visitCount > 0 {
        total += q(child)
        visited += 1
      }
    }
    if isRoot { return visited > 0 ? total / Float(visited) : 0 }
    return (parentMeanQ + total) / Float(visited + 1)
  }

  /// Eq. 7 with Eq. 10's normalisation; near-ties broken at random.
  private mutating func select(_ node: ReferenceNode, meanQ: Float, legal: [Bool]?) -> Int {
    let visits = node.children.map { $0?.visitCount ?? 0 }
    let totalVisits = visits.reduce(0, +)
    let c1 = Double(configuration.puctSettings.explorationInit)
    let c2 = Double(configuration.puctSettings.explorationBase)
    let n = Double(totalVisits)
    let exploration = Float((c1 + Elementary.log((n + c2 + 1) / c2)) * n.squareRoot())
    let filled = (0..<actionCount).map { visits[$0] > 0 ? q(node.children[$0]!) : meanQ }
    var scores = [Float](repeating: -.infinity, count: actionCount)
    for a in 0..<actionCount where legal?[a] ?? true {
      let value =
        configuration.qNormalisation.bounds == .node
        ? normalise(filled[a], minimum: filled.min()!, maximum: filled.max()!)
        : normalise(filled[a], minimum: minimum, maximum: maximum)
      scores[a] = value + node.priors[a] * exploration / Float(visits[a] + 1)
    }
    let best = scores.max()!
    let candidates = (0..<actionCount).filter { scores[$0] >= best - configuration.puctSettings.tieTolerance }
    return candidates.count == 1 ? candidates[0] : candidates[random.below(candidates.count)]
  }

  /// Eq. 10 between `minimum` and `maximum` (the tree's, or with node bounds the node's own Q values).
  private func normalise(_ value: Float, minimum: Float, maximum: Float) -> Float {
    if minimum > maximum { return 0 }
    let normalised = (value - minimum) / max(maximum - minimum, configuration.qNormalisation.floor)
    return min(max(normalised, 0), 1)
  }

  private mutating func includeInRunningBounds(_ q: Float) {
    guard configuration.qNormalisation.bounds == .runningExtremes else { return }
    minimum = min(minimum, q)
    maximum = max(maximum, q)
  }

  /// Eq. 10's bounds over every node of the tree except the root, with each node's real parent.
  private mutating func recomputeBoundsOverWholeTree() {
    minimum = .infinity
    maximum = -.infinity
    var stack = root.children.compactMap { $0 }
    while let node = stack.popLast() {
      let value = q(node)
      minimum = min(minimum, value)
      maximum = max(maximum, value)
      stack.append(contentsOf: node.children.compactMap { $0 })
    }
  }

  private func softmax(_ logits: [Float], legal: [Bool]?) -> [Float] {
    let isLegal = (0..<logits.count).map { legal?[$0] ?? true }
    let largest = (0..<logits.count).filter { isLegal[$0] }.map { logits[$0] }.max()!
    var exps = [Float](repeating: 0, count: logits.count)
    var total: Float = 0
    for a in logits.indices where isLegal[a] {
      exps[a] = Elementary.exp(logits[a] - largest)
      total += exps[a]
    }
    return exps.map { $0 / total }
  }
}
