import Search

/// A deliberately plain Gumbel MuZero search: one tree of node objects, recursion for selection and backup,
/// every quantity recomputed from its definition when it is needed (sums by summing, Q from r + γ V, the
/// simulation index from the root's visits). Slow and obvious, for checking the batched one.
final class GumbelReferenceNode {
  let depth: Int
  var valuePrefix: Float = 0
  var reward: Float = 0
  var rawValue: Float = 0
  var logits: [Float] = []
  var priors: [Float] = []
  var visitCount = 0
  var valueSum: Float = 0
  var children: [GumbelReferenceNode?] = []

  init(depth: Int) { self.depth = depth }

  var value: Float { valueSum / Float(visitCount) }
}

struct GumbelReferenceSearch {
  var configuration: SearchConfig
  var actionCount: Int
  /// The model: (value prefix, value, policy logits) of the node at an action path.
  var evaluate: ([Int]) -> (valuePrefix: Float, value: Float, logits: [Float])

  /// Searches one root; returns its visit counts, improved policy, chosen action and mean value.
  func run(rootLogits: [Float], rootValue: Float, legal: [Bool]?, gumbel: [Float])
    -> (visits: [Int], policy: [Float], action: Int, rootValue: Float)
  {
    let isLegal = legal ?? Array(repeating: true, count: actionCount)
    let root = GumbelReferenceNode(depth: 0)
    root.logits = rootLogits
    root.priors = softmax(rootLogits, legal: isLegal)
    root.rawValue = rootValue
    root.children = Array(repeating: nil, count: actionCount)
    // As mctx: the network's value is the root's first visit (the PUCT search counts that visit as 0).
    root.visitCount = 1
    root.valueSum = rootValue
    let considered = min(configuration.gumbelSettings.maxConsideredActions, isLegal.filter { $0 }.count)
    let schedule = SequentialHalving.consideredVisits(maxConsidered: considered, simulations: configuration.simulations)
    for simulation in 0..<configuration.simulations {
      let visits = root.children.map { $0?.visitCount ?? 0 }
      precondition(visits.reduce(0, +) == simulation)
      let action = bestConsidered(root, visitTarget: schedule[simulation], gumbel: gumbel, legal: isLegal)
      let g = descend(root.children[action], from: root, action: action, path: [action], root: root)
      root.valueSum += g
      root.visitCount += 1
    }
    let visits = root.children.map { $0?.visitCount ?? 0 }
    let q = completedQ(root, in: root)
    let policy = softmax((0..<actionCount).map { root.logits[$0] + q[$0] }, legal: isLegal)
    let action = bestConsidered(root, visitTarget: visits.max()!, gumbel: gumbel, legal: isLegal)
    return (visits, policy, action, root.valueSum / Float(root.visitCount))
  }

  /// Arg-max of g + (logit - max logit) + σ(Q) over the legal actions with `visitTarget` visits (lowest on ties).
  private func bestConsidered(_ root: GumbelReferenceNode, visitTarget: Int, gumbel: [Float], legal: [Bool]) -> Int {
    let q = completedQ(root, in: root)
    let largestLogit = (0..<actionCount).filter { legal[$0] }.map { root.logits[$0] }.max()!
    var best = -Float.infinity
    var choice = 0
    for a in 0..<actionCount where legal[a] && (root.children[a]?.visitCount ?? 0) == visitTarget {
      let score = max(-1e9, gumbel[a] + (root.logits[a] - largestLogit) + q[a])
      if score > best {
        best = score
        choice = a
      }
    }
    return choice
  }

  /// One simulation through `child` (created if nil) of `parent`; returns the return r + γ G added to `parent`.
  private func descend(
    _ existing: GumbelReferenceNode?, from parent: GumbelReferenceNode, action: Int, path: [Int], root: GumbelReferenceNode
  ) -> Float {
    let leafReturn: Float
    let child: GumbelReferenceNode
    if let existing {
      child = existing
      let q = completedQ(child, in: root)
      let improved = softmax((0..<actionCount).map { child.logits[$0] + q[$0] }, legal: nil)
      let total = Float(child.children.reduce(0) { $0 + ($1?.visitCount ?? 0) } + 1)
      var best = -Float.infinity
      var next = 0
      for a in 0..<actionCount {
        let score = improved[a] - Float(child.children[a]?.visitCount ?? 0) / total
        if score > best {
          best = score
          next = a
        }
      }
      leafReturn = descend(child.children[next], from: child, action: next, path: path + [next], root: root)
    } else {
      child = GumbelReferenceNode(depth: parent.depth + 1)
      let prediction = evaluate(path)
      child.valuePrefix = prediction.valuePrefix
      let resets = parent.depth % configuration.valuePrefixHorizon == 0
      child.reward = resets ? prediction.valuePrefix : prediction.valuePrefix - parent.valuePrefix
      child.rawValue = prediction.value
      child.logits = prediction.logits
      child.priors = softmax(prediction.logits, legal: nil)
      child.children = Array(repeating: nil, count: actionCount)
      parent.children[action] = child
      leafReturn = prediction.value
    }
    child.valueSum += leafReturn
    child.visitCount += 1
    return child.reward + configuration.discount * leafReturn
  }

  /// σ(completed Q) of a node's actions, from the definitions (mixed value, min-max rescale over the node's
  /// actions or over every Q of `root`'s tree, visit scale).
  private func completedQ(_ node: GumbelReferenceNode, in root: GumbelReferenceNode) -> [Float] {
    let visits = node.children.map { $0?.visitCount ?? 0 }
    let q = node.children.map { c -> Float in c.map { $0.reward + configuration.discount * $0.value } ?? 0 }
    let visited = (0..<actionCount).filter { visits[$0] > 0 }
    let visitSum = visits.reduce(0, +)
    let prior = node.priors.map { max(Float.leastNormalMagnitude, $0) }
    var priorSum: Float = 0
    for a in visited { priorSum += prior[a] }
    var weighted: Float = 0
    for a in visited { weighted += prior[a] * q[a] / priorSum }
    let mixed = (node.rawValue + Float(visitSum) * weighted) / Float(visitSum + 1)
    let completed = (0..<actionCount).map { visits[$0] > 0 ? q[$0] : mixed }
    let scale = (configuration.gumbelSettings.visitScale + Float(visits.max()!)) * configuration.gumbelSettings.valueScale
    if configuration.qNormalisation.bounds != .node {
      let all = treeQValues(below: root)
      guard let low = all.min(), let high = all.max() else { return completed.map { _ in 0 } }
      let range = max(high - low, configuration.qNormalisation.floor)
      return completed.map { scale * min(1, max(0, ($0 - low) / range)) }
    }
    let low = completed.min()!, high = completed.max()!
    return completed.map { scale * (($0 - low) / max(high - low, configuration.qNormalisation.floor)) }
  }

  /// r + γ V of every node below `node`, by walking the tree.
  private func treeQValues(below node: GumbelReferenceNode) -> [Float] {
    node.children.compactMap { $0 }.flatMap { [$0.reward + configuration.discount * $0.value] + treeQValues(below: $0) }
  }

  private func softmax(_ logits: [Float], legal: [Bool]?) -> [Float] {
    let isLegal = legal ?? Array(repeating: true, count: logits.count)
    let largest = logits.indices.filter { isLegal[$0] }.map { logits[$0] }.max()!
    let e = logits.indices.map { isLegal[$0] ? Elementary.exp(logits[$0] - largest) : 0 }
    var total: Float = 0
    for x in e { total += x }
    return e.map { $0 / total }
  }
}
