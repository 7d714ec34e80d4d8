/// The Gumbel search's choices (Danihelka et al., 2022; the same arithmetic as mctx's `gumbel_muzero_policy`
/// with `qtransform_completed_by_mix_value`): completed and scaled Q values, Sequential Halving with Gumbel
/// at the root, the deterministic selection inside the tree, and the improved policy.
extension Forest {
  /// sigma(completed Q) of every action of `node`, written to `q` (A floats).
  ///
  /// Unvisited actions take the mixed value (App. D of the paper): (v + sum N * sum_visited p Q / sum_visited p)
  /// / (1 + sum N), with v the model's value of the node. The completed values are min-max rescaled to [0, 1]
  /// over the node's actions (or, with tree bounds, by Eq. 10 over root `root`'s tree), then scaled by
  /// (c_visit + max N) * c_scale.
  @inline(__always)
  func completedQ(_ tree: Tree, root: Int, node: Int, into q: UnsafeMutablePointer<Float>) {
    let edges = node * actionCount
    let visits = tree.edgeVisits + edges
    let qs = tree.edgeQ + edges
    let priors = tree.prior + edges
    var visitSum: Int32 = 0
    var largestVisits: Int32 = 0
    var visitedPrior: Float = 0
    for a in 0..<actionCount where visits[a] > 0 {
      visitSum &+= visits[a]
      if visits[a] > largestVisits { largestVisits = visits[a] }
      visitedPrior += max(Float.leastNormalMagnitude, priors[a])
    }
    var weightedQ: Float = 0
    for a in 0..<actionCount where visits[a] > 0 {
      weightedQ += max(Float.leastNormalMagnitude, priors[a]) * qs[a] / visitedPrior
    }
    let mixed = (tree.rawValue[node] + Float(visitSum) * weightedQ) / Float(visitSum &+ 1)
    var low = Float.infinity
    var high = -Float.infinity
    for a in 0..<actionCount {
      let value = visits[a] > 0 ? qs[a] : mixed
      q[a] = value
      if value < low { low = value }
      if value > high { high = value }
    }
    let scale = (gumbelVisitScale + Float(largestVisits)) * gumbelValueScale
    if gumbelUsesTreeBounds {
      let treeBounds = bounds[root]
      for a in 0..<actionCount { q[a] = scale * treeBounds.normalise(q[a], floor: minMaxFloor) }
      return
    }
    let range = max(high - low, 1e-8)
    for a in 0..<actionCount { q[a] = scale * ((q[a] - low) / range) }
  }

  /// The root's choice: among the considered actions whose visit count is the schedule's entry for this
  /// simulation (or, with `finalChoice`, the largest count), the arg-max of g(a) + logit(a) + sigma(Q(a)).
  /// `q` holds A floats of scratch. Ties go to the lowest action.
  @inline(__always)
  func gumbelRootChoice(_ root: Int, _ tree: Tree, finalChoice: Bool, q: UnsafeMutablePointer<Float>) -> Int {
    completedQ(tree, root: root, node: 0, into: q)
    let visits = tree.edgeVisits
    let target: Int32
    if finalChoice {
      var largest: Int32 = 0
      for a in 0..<actionCount where visits[a] > largest { largest = visits[a] }
      target = largest
    } else {
      var simulation = 0
      for a in 0..<actionCount { simulation += Int(visits[a]) }
      target = schedule[Int(consideredCount[root]) * simulations + simulation]
    }
    let logits = tree.logits
    let legal = rootLegal + root * actionCount
    var largestLogit = -Float.infinity
    for a in 0..<actionCount where legal[a] && logits[a] > largestLogit { largestLogit = logits[a] }
    let draws = gumbel + root * actionCount
    var best = -Float.infinity
    var choice = 0
    for a in 0..<actionCount where legal[a] && visits[a] == target {
      let score = max(-1e9, draws[a] + (logits[a] - largestLogit) + q[a])
      if score > best {
        best = score
        choice = a
      }
    }
    return choice
  }

  /// Inside the tree: arg-max of pi'(a) - N(a) / (1 + sum N), pi' = softmax(logits + sigma(completed Q)), so
  /// that the visits follow the improved policy. `scratch` holds 2A floats. Ties go to the lowest action.
  @inline(__always)
  func gumbelInteriorChoice(_ root: Int, _ tree: Tree, node: Int, scratch: UnsafeMutablePointer<Float>) -> Int {
    let q = scratch
    let improved = scratch + actionCount
    completedQ(tree, root: root, node: node, into: q)
    writeImprovedPolicy(tree, node: node, q: q, legal: nil, into: improved)
    let visits = tree.edgeVisits + node * actionCount
    var visitSum: Int32 = 0
    for a in 0..<actionCount { visitSum &+= visits[a] }
    let denominator = Float(visitSum &+ 1)
    var best = -Float.infinity
    var choice = 0
    for a in 0..<actionCount {
      let score = improved[a] - Float(visits[a]) / denominator
      if score > best {
        best = score
        choice = a
      }
    }
    return choice
  }

  /// softmax(logits + sigma(Q)) over the node's actions; actions that are not legal get 0.
  @inline(__always)
  func writeImprovedPolicy(
    _ tree: Tree, node: Int, q: UnsafePointer<Float>, legal: UnsafePointer<Bool>?, into policy: UnsafeMutablePointer<Float>
  ) {
    let logits = tree.logits + node * actionCount
    var largest = -Float.infinity
    for a in 0..<actionCount where legal?[a] ?? true {
      policy[a] = logits[a] + q[a]
      if policy[a] > largest { largest = policy[a] }
    }
    var total: Float = 0
    for a in 0..<actionCount {
      policy[a] = (legal?[a] ?? true) ? Elementary.exp(policy[a] - largest) : 0
      total += policy[a]
    }
    for a in 0..<actionCount { policy[a] /= total }
  }
}
