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
  /// Writes root `root`'s row of the output: visit counts, the policy, the policy target, the mean value, the
  /// chosen action and depths. PUCT: Eq. 11's policy at `temperature`, an action drawn from it, the visit
  /// distribution as the target. Gumbel: the improved policy (as both), the Sequential Halving winner.
  /// `scratch` holds A floats.
  func writeResults(_ root: Int, temperature: Float, into rows: ResultRows, scratch: UnsafeMutablePointer<Float>) {
    let tree = tree(root)
    let row = root * actionCount
    for a in 0..<actionCount { rows.visitCounts[row + a] = Int(tree.edgeVisits[a]) }
    let counts = UnsafeBufferPointer(start: rows.visitCounts + row, count: actionCount)
    let targets = UnsafeMutableBufferPointer(start: rows.policyTargets + row, count: actionCount)
    if isGumbel {
      completedQ(tree, root: root, node: 0, into: scratch)
      writeImprovedPolicy(tree, node: 0, q: scratch, legal: rootLegal + row, into: targets.baseAddress!)
      (rows.policy + row).update(from: targets.baseAddress!, count: actionCount)
      rows.actions[root] = gumbelRootChoice(root, tree, finalChoice: true, q: scratch)
    } else {
      VisitPolicy.write(
        counts: counts, temperature: temperature,
        into: UnsafeMutableBufferPointer(start: rows.policy + row, count: actionCount))
      var total = 0
      for a in 0..<actionCount { total += counts[a] }
      for a in 0..<actionCount { targets[a] = Float(counts[a]) / Float(max(total, 1)) }
      rows.actions[root] = VisitPolicy.choose(counts: counts, temperature: temperature, random: &random[root])
    }
    rows.rootValues[root] = tree.nodes[0].valueSum / Float(tree.nodes[0].visitCount)
    rows.maxDepths[root] = Int(maxDepth[root])
    rows.meanDepths[root] = Float(depthSum[root]) / Float(simulations)
  }
}
