extension Forest {
  /// Backs the leaf's value up to the root (App. A.3, "Backup"): each node on the path adds the discounted
  /// return G and a visit, its Q = r + γ V is refreshed (node and edge copies), and G := r + γ G.
  /// Then the min-max bounds of Eq. 10 are brought up to date.
  func backUp(_ root: Int, from leaf: Int, value: Float) {
    let tree = tree(root)
    let before = bounds[root]
    var after = before
    var extremeMovedInward = false
    var bootstrap = value
    var node = leaf
    while true {
      var record = tree.nodes[node]
      record.valueSum += bootstrap
      record.visitCount += 1
      let value = record.valueSum / Float(record.visitCount)
      if node == 0 {
        tree.nodes[0] = record
        if qNormalisation.bounds == .runningExtremes { after.include(discount * value) }
        break
      }
      let newQ = record.reward + discount * value
      if record.visitCount > 1 {
        let oldQ = record.q
        if (oldQ == before.maximum && newQ < oldQ) || (oldQ == before.minimum && newQ > oldQ) {
          extremeMovedInward = true
        }
      }
      record.q = newQ
      tree.nodes[node] = record
      after.include(newQ)
      let edge = Int(record.parent) * actionCount + Int(record.parentAction)
      tree.edgeVisits[edge] = record.visitCount
      tree.edgeQ[edge] = newQ
      bootstrap = record.reward + discount * bootstrap
      node = Int(record.parent)
    }
    // Per-node bounds need no tree-wide ones.
    if !usesTreeBounds { return }
    if qNormalisation.bounds == .wholeTree && extremeMovedInward {
      after = wholeTreeBounds(tree, nodeCount: Int(nodeCount[root]))
    }
    bounds[root] = after
  }

  /// Min and max of Q over every node of the tree but the root.
  ///
  /// Only nodes on the backup path change their Q, so the bounds are usually the old bounds widened by the
  /// path's new values. That is exact unless a node that held an extreme moved inward (the extreme may now
  /// belong to nobody); only then is the whole tree, a contiguous run of at most N values, scanned again.
  func wholeTreeBounds(_ tree: Tree, nodeCount: Int) -> MinMaxBounds {
    var result = MinMaxBounds()
    for node in 1..<nodeCount { result.include(tree.nodes[node].q) }
    return result
  }
}
