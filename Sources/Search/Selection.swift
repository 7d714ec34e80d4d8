extension Forest {
  /// Walks root `root`'s tree from the root to an unexpanded edge (App. A.3, "Selection"), choosing by the
  /// algorithm's root and interior rules, and records the leaf's parent and action. `scratch` holds 2A floats.
  @inline(__always)
  func selectLeaf<Rules: AlgorithmRules>(_ root: Int, rules: Rules, scratch: UnsafeMutablePointer<Float>) {
    let tree = tree(root)
    var walk = rules.startWalk()
    var node = 0
    while true {
      let action =
        node == 0
        ? rules.rootChoice(self, root: root, tree, walk: &walk, scratch: scratch)
        : rules.interiorChoice(self, root: root, tree, node: node, walk: &walk, scratch: scratch)
      let next = Int(tree.child[node * actionCount + action])
      if next == 0 {
        leafParent[root] = Int32(node)
        leafAction[root] = Int32(action)
        return
      }
      node = next
    }
  }
}
