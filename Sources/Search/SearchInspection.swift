/// A node of the latest search's tree, copied out for inspection.
public struct SearchNode: Sendable, Equatable {
  /// The node's latent slot (also its creation order: the root is 0, simulation s made slot s + 1).
  public var slot: Int
  public var depth: Int
  public var visitCount: Int
  public var valueSum: Float
  /// Mean value, value sum over visit count.
  public var value: Float { valueSum / Float(visitCount) }
  public var valuePrefix: Float
  /// r of the edge into the node (0 for the root).
  public var reward: Float
  /// Q = r + γ V of the edge into the node; nil for the root.
  public var q: Float?
  /// P(s, a) after expansion (and, at the root, noise).
  public var priors: [Float]
  public var childVisitCounts: [Int]
  /// Q(s, a) of each visited child, nil for unvisited ones.
  public var childQ: [Float?]
}

extension BatchedSearch {
  /// The node reached from root `root` by `path` in the latest search, or nil if it was not expanded.
  public func node(root: Int, path: [Int]) -> SearchNode? {
    guard root >= 0 && root < rootCount else { return nil }
    let actionCount = layout.actions
    let tree = storage.tree(root, layout: layout)
    var node = 0
    for action in path {
      guard action >= 0 && action < actionCount else { return nil }
      node = Int(tree.child[node * actionCount + action])
      if node == 0 { return nil }
    }
    let edges = node * actionCount
    return SearchNode(
      slot: node,
      depth: Int(tree.nodes[node].depth),
      visitCount: Int(tree.nodes[node].visitCount),
      valueSum: tree.nodes[node].valueSum,
      valuePrefix: tree.nodes[node].valuePrefix,
      reward: tree.nodes[node].reward,
      q: node == 0 ? nil : tree.nodes[node].q,
      priors: (0..<actionCount).map { tree.prior[edges + $0] },
      childVisitCounts: (0..<actionCount).map { Int(tree.edgeVisits[edges + $0]) },
      childQ: (0..<actionCount).map { tree.edgeVisits[edges + $0] > 0 ? tree.edgeQ[edges + $0] : nil })
  }

  /// The min-max bounds of Eq. 10 that root `root`'s tree ended the latest search with.
  public func minMaxBounds(root: Int) -> MinMaxBounds {
    precondition(root >= 0 && root < rootCount)
    return storage.bounds.base[root]
  }
}
