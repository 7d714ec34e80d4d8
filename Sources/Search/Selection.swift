extension Forest {
  /// Walks root `root`'s tree from the root to an unexpanded edge (App. A.3, "Selection") and records the leaf's
  /// parent and action. `scores` holds 2A floats of scratch.
  func selectLeaf(_ root: Int, scores: UnsafeMutablePointer<Float>) {
    if isGumbel { return selectGumbelLeaf(root, scratch: scores) }
    let tree = tree(root)
    let rootBounds = bounds[root]
    var node = 0
    var parentMeanQ: Float = 0
    while true {
      let edges = node * actionCount
      let meanQ = estimatedQ(tree, edges: edges, isRoot: node == 0, parentMeanQ: parentMeanQ)
      let action = chooseAction(
        root, tree, edges: edges, meanQ: meanQ, exploration: exploration[Int(tree.nodes[node].visitCount) - 1],
        bounds: rootBounds, masked: hasLegalMask && node == 0, scores: scores)
      let next = Int(tree.child[edges + action])
      if next == 0 {
        leafParent[root] = Int32(node)
        leafAction[root] = Int32(action)
        return
      }
      parentMeanQ = meanQ
      node = next
    }
  }

  /// The Gumbel search's walk: Sequential Halving at the root, the deterministic selection below it.
  func selectGumbelLeaf(_ root: Int, scratch: UnsafeMutablePointer<Float>) {
    let tree = tree(root)
    var node = 0
    while true {
      let action =
        node == 0
        ? gumbelRootChoice(root, tree, finalChoice: false, q: scratch)
        : gumbelInteriorChoice(root, tree, node: node, scratch: scratch)
      let next = Int(tree.child[node * actionCount + action])
      if next == 0 {
        leafParent[root] = Int32(node)
        leafAction[root] = Int32(action)
        return
      }
      node = next
    }
  }

  /// Eq. 8, as the reference tree computes it: at the root, the mean Q of the visited children (0 if none);
  /// elsewhere (Q̂(parent) + Σ visited Q) / (1 + number visited).
  @inline(__always)
  func estimatedQ(_ tree: Tree, edges: Int, isRoot: Bool, parentMeanQ: Float) -> Float {
    // Unvisited edges hold Q = +0 and the running sum is never -0, so adding every edge gives exactly the
    // sum over the visited ones, in action order, without a branch per action.
    let qs = tree.edgeQ + edges
    let visits = tree.edgeVisits + edges
    var total: Float = 0
    var visited: Int32 = 0
    for a in 0..<actionCount {
      total += qs[a]
      visited &+= visits[a] > 0 ? 1 : 0
    }
    if isRoot { return visited > 0 ? total / Float(visited) : 0 }
    return (parentMeanQ + total) / Float(visited &+ 1)
  }

  /// Eq. 7 with Q normalised by Eq. 10 (unvisited children take `meanQ`), arg-max with ties within the
  /// tolerance broken by the root's random stream (one draw, only when there is more than one candidate).
  @inline(__always)
  func chooseAction(
    _ root: Int, _ tree: Tree, edges: Int, meanQ: Float, exploration: Float, bounds: MinMaxBounds, masked: Bool,
    scores: UnsafeMutablePointer<Float>
  ) -> Int {
    // Base pointers per node keep index arithmetic out of the loops, so they vectorise.
    let qs = tree.edgeQ + edges
    let visitCounts = tree.edgeVisits + edges
    let priors = tree.prior + edges
    if bounds.isEmpty {
      // No Q is known yet (the root's first choice): every normalised Q is 0.
      for a in 0..<actionCount {
        scores[a] = priors[a] * exploration / Float(visitCounts[a] &+ 1)
      }
    } else {
      // Branch-free over the actions: every edge's Q is normalised, then the unvisited ones take the
      // normalised estimate instead.
      let low = bounds.minimum
      let range = bounds.range(floor: minMaxFloor)
      let unvisitedValue = MinMaxBounds.clamp((meanQ - low) / range)
      for a in 0..<actionCount {
        let visits = visitCounts[a]
        let visitedValue = MinMaxBounds.clamp((qs[a] - low) / range)
        let value = visits > 0 ? visitedValue : unvisitedValue
        scores[a] = value + priors[a] * exploration / Float(visits &+ 1)
      }
    }
    if masked {
      let legal = rootLegal + root * actionCount
      for a in 0..<actionCount where !legal[a] { scores[a] = -.infinity }
    }
    var best = -Float.infinity
    for a in 0..<actionCount where scores[a] > best { best = scores[a] }
    let threshold = best - tieTolerance
    var candidates = 0
    var first = 0
    for a in 0..<actionCount where scores[a] >= threshold {
      if candidates == 0 { first = a }
      candidates &+= 1
    }
    if candidates == 1 || !breaksTiesAtRandom { return first }
    var pick = random[root].below(candidates)
    for a in first..<actionCount where scores[a] >= threshold {
      if pick == 0 { return a }
      pick -= 1
    }
    return first  // unreachable: the candidates were counted above
  }
}
