/// EfficientZero's search (App. A.3): Eq. 7's PUCT score over Eq. 8's estimated Q and Eq. 10's normalisation
/// at every node, Eq. 9's Dirichlet noise at the root, Eq. 11's visit-count policy.
struct PUCTRules: AlgorithmRules, @unchecked Sendable {
  let settings: PUCTSettings
  /// Eq. 7's factor for each possible Σ_b N(s, b) of the search.
  let exploration: UnsafeMutablePointer<Float>
  let breaksTiesAtRandom: Bool

  /// Tabulates Eq. 7's factor (c1 + log((Σ_b N + c2 + 1) / c2)) * sqrt(Σ_b N) for Σ_b N = 0 ... N into `storage`.
  init(_ settings: PUCTSettings, storage: TreeStorage, layout: TreeLayout) {
    self.settings = settings
    exploration = storage.exploration.base
    breaksTiesAtRandom = settings.tieBreak == .random
    let c1 = Double(settings.explorationInit)
    let c2 = Double(settings.explorationBase)
    for n in 0..<layout.nodes {
      let visits = Double(n)
      exploration[n] = Float((c1 + Elementary.log((visits + c2 + 1) / c2)) * visits.squareRoot())
    }
  }

  var keepsModelOutputs: Bool { false }

  /// 0, as the reference's tree (the root value is sum / (N + 1)), or the network's value.
  func firstVisitValue(networkValue: Float) -> Float {
    settings.rootFirstVisit == .network ? networkValue : 0
  }

  /// Eq. 9 over the legal actions, when noise is set.
  func exploreAtRoot(
    _ forest: Forest, root: Int, draws: UnsafePointer<Float>?, noiseScratch: UnsafeMutableBufferPointer<Double>
  ) {
    guard let noise = settings.rootNoise else { return }
    let tree = forest.tree(root)
    let legalFlags = forest.rootLegal + root * forest.actionCount
    var legalCount = 0
    for a in 0..<forest.actionCount where legalFlags[a] { legalCount += 1 }
    var sample = UnsafeMutableBufferPointer(rebasing: noiseScratch[0..<legalCount])
    forest.random[root].dirichlet(alpha: noise.alpha, into: &sample)
    var next = 0
    for a in 0..<forest.actionCount where legalFlags[a] {
      tree.prior[a] = tree.prior[a] * (1 - noise.fraction) + Float(sample[next]) * noise.fraction
      next += 1
    }
  }

  /// The walk carries the estimated Q of the node it left (Eq. 8's Q̂(parent)).
  func startWalk() -> Float { 0 }

  @inline(__always)
  func rootChoice(_ forest: Forest, root: Int, _ tree: Tree, walk: inout Float, scratch: UnsafeMutablePointer<Float>) -> Int {
    let meanQ = estimatedQ(forest, tree, edges: 0, isRoot: true, parentMeanQ: 0)
    walk = meanQ
    return chooseAction(forest, root: root, tree, node: 0, meanQ: meanQ, masked: forest.hasLegalMask, scores: scratch)
  }

  @inline(__always)
  func interiorChoice(
    _ forest: Forest, root: Int, _ tree: Tree, node: Int, walk: inout Float, scratch: UnsafeMutablePointer<Float>
  ) -> Int {
    let meanQ = estimatedQ(forest, tree, edges: node * forest.actionCount, isRoot: false, parentMeanQ: walk)
    walk = meanQ
    return chooseAction(forest, root: root, tree, node: node, meanQ: meanQ, masked: false, scores: scratch)
  }

  /// Eq. 8, as the reference tree computes it: at the root, the mean Q of the visited children (0 if none);
  /// elsewhere (Q̂(parent) + Σ visited Q) / (1 + number visited).
  @inline(__always)
  func estimatedQ(_ forest: Forest, _ tree: Tree, edges: Int, isRoot: Bool, parentMeanQ: Float) -> Float {
    // Unvisited edges hold Q = +0 and the running sum is never -0, so adding every edge gives exactly the
    // sum over the visited ones, in action order, without a branch per action.
    let qs = tree.edgeQ + edges
    let visits = tree.edgeVisits + edges
    var total: Float = 0
    var visited: Int32 = 0
    for a in 0..<forest.actionCount {
      total += qs[a]
      visited &+= visits[a] > 0 ? 1 : 0
    }
    if isRoot { return visited > 0 ? total / Float(visited) : 0 }
    return (parentMeanQ + total) / Float(visited &+ 1)
  }

  /// Eq. 7 with normalised Q (unvisited children take `meanQ`), arg-max with ties within the tolerance
  /// broken by the root's random stream (one draw, only when there is more than one candidate).
  /// `scores` holds A floats.
  @inline(__always)
  func chooseAction(
    _ forest: Forest, root: Int, _ tree: Tree, node: Int, meanQ: Float, masked: Bool, scores: UnsafeMutablePointer<Float>
  ) -> Int {
    let actionCount = forest.actionCount
    let edges = node * actionCount
    // Base pointers per node keep index arithmetic out of the loops, so they vectorise.
    let qs = tree.edgeQ + edges
    let visitCounts = tree.edgeVisits + edges
    let priors = tree.prior + edges
    var nodeExtremes = MinMaxBounds()
    if !forest.usesTreeBounds {
      for a in 0..<actionCount { nodeExtremes.include(visitCounts[a] > 0 ? qs[a] : meanQ) }
    }
    let normalise = forest.normaliser(root: root, nodeExtremes: nodeExtremes)
    let factor = exploration[Int(tree.nodes[node].visitCount) - 1]
    // Branch-free over the actions: every edge's Q is normalised, then the unvisited ones take the
    // normalised estimate instead.
    let unvisitedValue = normalise(meanQ)
    for a in 0..<actionCount {
      let value = visitCounts[a] > 0 ? normalise(qs[a]) : unvisitedValue
      scores[a] = value + priors[a] * factor / Float(visitCounts[a] &+ 1)
    }
    if masked {
      let legal = forest.rootLegal + root * actionCount
      for a in 0..<actionCount where !legal[a] { scores[a] = -.infinity }
    }
    var best = -Float.infinity
    for a in 0..<actionCount where scores[a] > best { best = scores[a] }
    let threshold = best - settings.tieTolerance
    var candidates = 0
    var first = 0
    for a in 0..<actionCount where scores[a] >= threshold {
      if candidates == 0 { first = a }
      candidates &+= 1
    }
    if candidates == 1 || !breaksTiesAtRandom { return first }
    var pick = forest.random[root].below(candidates)
    for a in first..<actionCount where scores[a] >= threshold {
      if pick == 0 { return a }
      pick -= 1
    }
    return first  // unreachable: the candidates were counted above
  }

  /// Eq. 11's policy at the temperature, an action drawn from it, the visit distribution as the target.
  func writePolicy(_ forest: Forest, root: Int, _ tree: Tree, into rows: ResultRows, scratch: UnsafeMutablePointer<Float>) {
    let actionCount = forest.actionCount
    let row = root * actionCount
    let counts = UnsafeBufferPointer(start: rows.visitCounts + row, count: actionCount)
    VisitPolicy.write(
      counts: counts, temperature: settings.temperature,
      into: UnsafeMutableBufferPointer(start: rows.policy + row, count: actionCount))
    var total = 0
    for a in 0..<actionCount { total += counts[a] }
    for a in 0..<actionCount { rows.policyTargets[row + a] = Float(counts[a]) / Float(max(total, 1)) }
    rows.actions[root] = VisitPolicy.choose(counts: counts, temperature: settings.temperature, random: &forest.random[root])
  }
}
