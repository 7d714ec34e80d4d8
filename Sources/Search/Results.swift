/// Where the roots' rows of a `SearchOutput` are written; each chunk of roots writes only its own rows, which
/// is why the pointers may be shared across threads.
struct ResultRows: @unchecked Sendable {
  let visitCounts: UnsafeMutablePointer<Int>
  let policy: UnsafeMutablePointer<Float>
  let policyTargets: UnsafeMutablePointer<Float>
  let rootValues: UnsafeMutablePointer<Float>
  let actions: UnsafeMutablePointer<Int>
  let maxDepths: UnsafeMutablePointer<Int>
  let meanDepths: UnsafeMutablePointer<Float>
}

extension Forest {
  /// Writes root `root`'s row of the output: visit counts, the algorithm's policy, policy target and action,
  /// the mean value and depths. `scratch` holds A floats.
  func writeResults<Rules: AlgorithmRules>(
    _ root: Int, rules: Rules, into rows: ResultRows, scratch: UnsafeMutablePointer<Float>
  ) {
    let tree = tree(root)
    let row = root * actionCount
    for a in 0..<actionCount { rows.visitCounts[row + a] = Int(tree.edgeVisits[a]) }
    rules.writePolicy(self, root: root, tree, into: rows, scratch: scratch)
    rows.rootValues[root] = tree.nodes[0].valueSum / Float(tree.nodes[0].visitCount)
    rows.maxDepths[root] = Int(maxDepth[root])
    rows.meanDepths[root] = Float(depthSum[root]) / Float(simulations)
  }
}
