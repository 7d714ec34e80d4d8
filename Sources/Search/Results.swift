extension Forest {
  /// Writes root `root`'s row of the output: visit counts, Eq. 11's policy, mean value, chosen action, depths.
  func writeResults(
    _ root: Int, temperature: Float, visitCounts: UnsafeMutablePointer<Int>, policy: UnsafeMutablePointer<Float>,
    rootValues: UnsafeMutablePointer<Float>, actions: UnsafeMutablePointer<Int>,
    maxDepths: UnsafeMutablePointer<Int>, meanDepths: UnsafeMutablePointer<Float>
  ) {
    let tree = tree(root)
    let row = root * actionCount
    for a in 0..<actionCount { visitCounts[row + a] = Int(tree.edgeVisits[a]) }
    let counts = UnsafeBufferPointer(start: visitCounts + row, count: actionCount)
    VisitPolicy.write(
      counts: counts, temperature: temperature,
      into: UnsafeMutableBufferPointer(start: policy + row, count: actionCount))
    actions[root] = VisitPolicy.choose(counts: counts, temperature: temperature, random: &random[root])
    rootValues[root] = tree.nodes[0].valueSum / Float(tree.nodes[0].visitCount)
    maxDepths[root] = Int(maxDepth[root])
    meanDepths[root] = Float(depthSum[root]) / Float(simulations)
  }
}
