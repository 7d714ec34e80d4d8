/// The Gumbel search's choices (Danihelka et al., 2022; the same arithmetic as mctx's `gumbel_muzero_policy`
/// with `qtransform_completed_by_mix_value`): completed and scaled Q values, Sequential Halving with Gumbel
/// at the root, the deterministic selection inside the tree, and the improved policy.
struct GumbelRules: AlgorithmRules, @unchecked Sendable {
  let settings: GumbelSettings
  let actionCount: Int
  let simulations: Int
  /// Each root's Gumbel draws (A per root) and number of considered actions.
  let draws: UnsafeMutablePointer<Float>
  let consideredCount: UnsafeMutablePointer<Int32>
  /// Sequential Halving's schedules, row c (c considered actions) of N entries.
  let schedule: UnsafeMutablePointer<Int32>

  init(_ settings: GumbelSettings, storage: TreeStorage, layout: TreeLayout) {
    self.settings = settings
    actionCount = layout.actions
    simulations = layout.nodes - 1
    storage.tabulateSchedule(considered: settings.maxConsideredActions, simulations: simulations)
    draws = storage.gumbel.base
    consideredCount = storage.consideredCount.base
    schedule = storage.schedule.base
  }

  var keepsModelOutputs: Bool { true }

  /// The network's value, as mctx.
  func firstVisitValue(networkValue: Float) -> Float { networkValue }

  /// The number of considered actions and the root's Gumbel draws: `draws` when given, else drawn from the
  /// root's stream when `drawsGumbel`, else zeros. There is no Dirichlet noise.
  func exploreAtRoot(
    _ forest: Forest, root: Int, draws given: UnsafePointer<Float>?, noiseScratch: UnsafeMutableBufferPointer<Double>
  ) {
    let legalFlags = forest.rootLegal + root * actionCount
    var legalCount: Int32 = 0
    for a in 0..<actionCount where legalFlags[a] { legalCount += 1 }
    consideredCount[root] = min(legalCount, Int32(settings.maxConsideredActions))
    let g = draws + root * actionCount
    for a in 0..<actionCount {
      g[a] = given?[a] ?? (settings.drawsGumbel ? forest.random[root].gumbel() : 0)
    }
  }

  func startWalk() {}

  @inline(__always)
  func rootChoice(_ forest: Forest, root: Int, _ tree: Tree, walk: inout Void, scratch: UnsafeMutablePointer<Float>) -> Int {
    sequentialHalvingChoice(forest, root: root, tree, finalChoice: false, q: scratch)
  }

  @inline(__always)
  func interiorChoice(
    _ forest: Forest, root: Int, _ tree: Tree, node: Int, walk: inout Void, scratch: UnsafeMutablePointer<Float>
  ) -> Int {
    deterministicChoice(forest, root: root, tree, node: node, scratch: scratch)
  }

  /// The improved policy (as both the policy and the target) and the Sequential Halving winner.
  func writePolicy(_ forest: Forest, root: Int, _ tree: Tree, into rows: ResultRows, scratch: UnsafeMutablePointer<Float>) {
    let row = root * actionCount
    completedQ(forest, tree, root: root, node: 0, into: scratch)
    writeImprovedPolicy(tree, node: 0, q: scratch, legal: forest.rootLegal + row, into: rows.policyTargets + row)
    (rows.policy + row).update(from: rows.policyTargets + row, count: actionCount)
    rows.actions[root] = sequentialHalvingChoice(forest, root: root, tree, finalChoice: true, q: scratch)
  }

  /// sigma(completed Q) of every action of `node`, written to `q` (A floats).
  ///
  /// Unvisited actions take the mixed value (App. D of the paper): (v + sum N * sum_visited p Q / sum_visited p)
  /// / (1 + sum N), with v the model's value of the node. The completed values are rescaled to [0, 1] by the
  /// search's Q-normalisation (mctx: over the node's own completed values), then scaled by (c_visit + max N) * c_scale.
  @inline(__always)
  func completedQ(_ forest: Forest, _ tree: Tree, root: Int, node: Int, into q: UnsafeMutablePointer<Float>) {
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
    var nodeExtremes = MinMaxBounds()
    for a in 0..<actionCount {
      q[a] = visits[a] > 0 ? qs[a] : mixed
      nodeExtremes.include(q[a])
    }
    let normalise = forest.normaliser(root: root, nodeExtremes: nodeExtremes)
    let scale = (settings.visitScale + Float(largestVisits)) * settings.valueScale
    for a in 0..<actionCount { q[a] = scale * normalise(q[a]) }
  }

  /// The root's choice: among the considered actions whose visit count is the schedule's entry for this
  /// simulation (or, with `finalChoice`, the largest count), the arg-max of g(a) + logit(a) + sigma(Q(a)).
  /// `q` holds A floats of scratch. Ties go to the lowest action.
  @inline(__always)
  func sequentialHalvingChoice(
    _ forest: Forest, root: Int, _ tree: Tree, finalChoice: Bool, q: UnsafeMutablePointer<Float>
  ) -> Int {
    completedQ(forest, tree, root: root, node: 0, into: q)
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
    let legal = forest.rootLegal + root * actionCount
    var largestLogit = -Float.infinity
    for a in 0..<actionCount where legal[a] && logits[a] > largestLogit { largestLogit = logits[a] }
    let draws = self.draws + root * actionCount
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
  func deterministicChoice(
    _ forest: Forest, root: Int, _ tree: Tree, node: Int, scratch: UnsafeMutablePointer<Float>
  ) -> Int {
    let q = scratch
    let improved = scratch + actionCount
    completedQ(forest, tree, root: root, node: node, into: q)
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
