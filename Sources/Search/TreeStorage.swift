/// Preallocated struct-of-arrays storage for B trees of T = N + 1 nodes with A actions each, reused from search
/// to search.
///
/// Node records are one array over all trees, node k of root b at b * T + k; every edge field is another, its
/// edges at (b * T + k) * A + a. A node's fields share a cache line (backup touches every field of a few nodes),
/// while edge fields stay separate arrays (selection sweeps A values of each). Small per-root state (bounds,
/// random stream, pending leaf, depth statistics) lives in arrays indexed by root.
///
/// Buffers only grow. Every element type is trivial, so memory is written before it is read and never needs
/// deinitialising.
final class TreeStorage {
  var nodes = Buffer<NodeRecord>()
  var prior = Buffer<Float>()
  var edgeVisits = Buffer<Int32>()
  var edgeQ = Buffer<Float>()
  var child = Buffer<Int32>()
  /// Gumbel search: each node's predicted value and each edge's policy logit.
  var rawValue = Buffer<Float>()
  var logits = Buffer<Float>()

  var nodeCount = Buffer<Int32>()
  var bounds = Buffer<MinMaxBounds>()
  var random = Buffer<SearchRandom>()
  var leafParent = Buffer<Int32>()
  var leafAction = Buffer<Int32>()
  var depthSum = Buffer<Int32>()
  var maxDepth = Buffer<Int32>()
  var rootLegal = Buffer<Bool>()
  /// Gumbel search: each root's Gumbel draws (A per root) and number of considered actions.
  var gumbel = Buffer<Float>()
  var consideredCount = Buffer<Int32>()
  /// Gumbel search: Sequential Halving's schedules, row c (c considered actions) of N entries.
  var schedule = Buffer<Int32>()
  private var scheduleShape = (considered: -1, simulations: -1)

  /// Eq. 7's exploration factor for each possible Σ_b N(s, b) of the current search.
  var exploration = Buffer<Float>()

  init() {}

  func reserve(roots: Int, layout: TreeLayout) {
    let nodes = roots * layout.nodes
    let edges = nodes * layout.actions
    self.nodes.reserve(nodes)
    prior.reserve(edges)
    edgeVisits.reserve(edges)
    edgeQ.reserve(edges)
    child.reserve(edges)
    rawValue.reserve(nodes)
    logits.reserve(edges)
    nodeCount.reserve(roots)
    bounds.reserve(roots)
    random.reserve(roots)
    leafParent.reserve(roots)
    leafAction.reserve(roots)
    depthSum.reserve(roots)
    maxDepth.reserve(roots)
    rootLegal.reserve(roots * layout.actions)
    gumbel.reserve(roots * layout.actions)
    consideredCount.reserve(roots)
    exploration.reserve(layout.nodes)
  }

  /// Fills `schedule` for up to `considered` actions and `simulations` simulations (kept while they stay).
  func tabulateSchedule(considered: Int, simulations: Int) {
    guard scheduleShape != (considered, simulations) else { return }
    schedule.reserve((considered + 1) * simulations)
    for (row, visits) in SequentialHalving.table(maxConsidered: considered, simulations: simulations).enumerated() {
      for (k, v) in visits.enumerated() { schedule.base[row * simulations + k] = Int32(v) }
    }
    scheduleShape = (considered, simulations)
  }

  /// Root `root`'s tree.
  func tree(_ root: Int, layout: TreeLayout) -> Tree {
    Tree(
      nodes: nodes.base, prior: prior.base, edgeVisits: edgeVisits.base, edgeQ: edgeQ.base, child: child.base,
      rawValue: rawValue.base, logits: logits.base
    ).advanced(byTrees: root, layout: layout)
  }

  deinit {
    nodes.free()
    prior.free()
    edgeVisits.free()
    edgeQ.free()
    child.free()
    rawValue.free()
    logits.free()
    nodeCount.free()
    bounds.free()
    random.free()
    leafParent.free()
    leafAction.free()
    depthSum.free()
    maxDepth.free()
    rootLegal.free()
    gumbel.free()
    consideredCount.free()
    schedule.free()
    exploration.free()
  }
}

/// The shape of every tree of a search: T = N + 1 nodes of A actions.
struct TreeLayout {
  let nodes: Int
  let actions: Int

  /// Bytes per node when every node is in use: its record and raw value plus 5 fields per edge, 4 bytes each.
  static func bytesPerNode(actions: Int) -> Int { MemoryLayout<NodeRecord>.stride + 4 + actions * 5 * 4 }
}

/// A node's own statistics, 32 bytes.
struct NodeRecord {
  var visitCount: Int32
  var valueSum: Float
  var valuePrefix: Float
  /// r of the edge into the node, from value prefixes (fixed at expansion).
  var reward: Float
  /// Q = r + γ V of the edge into the node, as of the latest backup through it.
  var q: Float
  var parent: Int32
  var parentAction: Int32
  var depth: Int32
}

/// One tree's storage, as typed pointers indexed by node (and node * A + a for edges).
///
/// Nodes are numbered in the order they are expanded (the root is 0, simulation s creates node s + 1), so a
/// node's index is also its latent slot. Edges mirror their child's visit count and Q, so that choosing an
/// action reads A contiguous values of each field instead of visiting A children.
struct Tree {
  let nodes: UnsafeMutablePointer<NodeRecord>
  let prior: UnsafeMutablePointer<Float>
  let edgeVisits: UnsafeMutablePointer<Int32>
  /// Q of the edge's child; +0 while the edge is unvisited.
  let edgeQ: UnsafeMutablePointer<Float>
  /// The edge's child, 0 while the edge is unexpanded (the root is nobody's child).
  let child: UnsafeMutablePointer<Int32>
  /// Gumbel search: the model's value of each node (the root's from the initial inference).
  let rawValue: UnsafeMutablePointer<Float>
  /// Gumbel search: the policy logits of each edge, as the model gave them.
  let logits: UnsafeMutablePointer<Float>

  /// The tree `count` trees further on in the same arrays.
  @inline(__always)
  func advanced(byTrees count: Int, layout: TreeLayout) -> Tree {
    let nodes = count * layout.nodes
    let edges = nodes * layout.actions
    return Tree(
      nodes: self.nodes + nodes, prior: prior + edges, edgeVisits: edgeVisits + edges, edgeQ: edgeQ + edges,
      child: child + edges, rawValue: rawValue + nodes, logits: logits + edges)
  }
}

/// A growable block of trivial values; the owner frees it.
struct Buffer<Element> {
  private(set) var base = UnsafeMutablePointer<Element>.allocate(capacity: 1)
  private(set) var capacity = 1

  mutating func reserve(_ count: Int) {
    guard count > capacity else { return }
    base.deallocate()
    base = .allocate(capacity: count)
    capacity = count
  }

  func free() { base.deallocate() }
}
