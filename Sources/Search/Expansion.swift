extension Forest {
  /// Expands root `root` (App. A.3, "Expansion"): priors from its logits, softmax over the legal actions only,
  /// one initial visit whose value the algorithm gives, value prefix 0, then the algorithm's root exploration
  /// (Eq. 9's noise, or Gumbel draws: `draws` when given).
  func prepareRoot<Rules: AlgorithmRules>(
    _ root: Int, rules: Rules, seed: UInt64, logits: UnsafePointer<Float>, legal: UnsafePointer<Bool>?,
    noiseScratch: UnsafeMutableBufferPointer<Double>, value: Float = 0, draws: UnsafePointer<Float>? = nil
  ) {
    let tree = tree(root)
    random[root] = SearchRandom(seed: seed, stream: UInt64(root))
    nodeCount[root] = 1
    bounds[root] = MinMaxBounds()
    depthSum[root] = 0
    maxDepth[root] = 0
    tree.nodes[0] = NodeRecord(
      visitCount: 1, valueSum: rules.firstVisitValue(networkValue: value), valuePrefix: 0, reward: 0, q: 0,
      parent: -1, parentAction: -1, depth: 0)
    clearEdges(of: 0, in: tree)

    let legalFlags = rootLegal + root * actionCount
    for a in 0..<actionCount { legalFlags[a] = legal?[a] ?? true }
    writeSoftmax(logits: logits, legal: legal, into: tree.prior)
    if rules.keepsModelOutputs {
      tree.rawValue[0] = value
      tree.logits.update(from: logits, count: actionCount)
    }
    rules.exploreAtRoot(self, root: root, draws: draws, noiseScratch: noiseScratch)
  }

  /// Expands the leaf that root `root` selected into node `leaf` with the model's predictions, then backs
  /// its value up (App. A.3, "Expansion" and "Backup").
  func expandLeaf<Rules: AlgorithmRules>(
    _ root: Int, rules: Rules, leaf: Int, valuePrefix prefix: Float, value: Float, logits: UnsafePointer<Float>
  ) {
    precondition(Int(nodeCount[root]) == leaf, "leaves are numbered in simulation order")
    let tree = tree(root)
    let parent = Int(leafParent[root])
    let action = Int(leafAction[root])
    let parentDepth = tree.nodes[parent].depth

    // r from value prefixes: the prefix itself after a reset parent, else the increase over the parent's.
    let reward = resets(depth: parentDepth) ? prefix : prefix - tree.nodes[parent].valuePrefix
    tree.nodes[leaf] = NodeRecord(
      visitCount: 0, valueSum: 0, valuePrefix: prefix, reward: reward, q: 0, parent: Int32(parent),
      parentAction: Int32(action), depth: parentDepth + 1)
    tree.child[parent * actionCount + action] = Int32(leaf)
    clearEdges(of: leaf, in: tree)
    writeSoftmax(logits: logits, legal: nil, into: tree.prior + leaf * actionCount)
    if rules.keepsModelOutputs {
      tree.rawValue[leaf] = value
      (tree.logits + leaf * actionCount).update(from: logits, count: actionCount)
    }

    nodeCount[root] = Int32(leaf + 1)
    depthSum[root] += parentDepth + 1
    if parentDepth + 1 > maxDepth[root] { maxDepth[root] = parentDepth + 1 }
    backUp(root, from: leaf, value: value)
  }

  @inline(__always)
  private func clearEdges(of node: Int, in tree: Tree) {
    let first = node * actionCount
    (tree.edgeVisits + first).update(repeating: 0, count: actionCount)
    (tree.edgeQ + first).update(repeating: 0, count: actionCount)
    (tree.child + first).update(repeating: 0, count: actionCount)
  }

  /// Softmax of the logits over the legal actions; illegal actions get prior 0.
  @inline(__always)
  private func writeSoftmax(logits: UnsafePointer<Float>, legal: UnsafePointer<Bool>?, into priors: UnsafeMutablePointer<Float>) {
    var largest = -Float.infinity
    for a in 0..<actionCount where legal?[a] ?? true {
      if logits[a] > largest { largest = logits[a] }
    }
    // Three passes: the exponentials vectorise, the sum keeps action order, the division vectorises.
    for a in 0..<actionCount {
      priors[a] = Elementary.exp(logits[a] - largest)
    }
    if let legal {
      for a in 0..<actionCount where !legal[a] { priors[a] = 0 }
    }
    var total: Float = 0
    for a in 0..<actionCount { total += priors[a] }
    for a in 0..<actionCount { priors[a] /= total }
  }
}
