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

  var nodeCount = Buffer<Int32>()
  var bounds = Buffer<MinMaxBounds>()
  var random = Buffer<SearchRandom>()
  var leafParent = Buffer<Int32>()
  var leafAction = Buffer<Int32>()
  var depthSum = Buffer<Int32>()
  var maxDepth = Buffer<Int32>()
  var rootLegal = Buffer<Bool>()

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
    nodeCount.reserve(roots)
    bounds.reserve(roots)
    random.reserve(roots)
    leafParent.reserve(roots)
    leafAction.reserve(roots)
    depthSum.reserve(roots)
    maxDepth.reserve(roots)
    rootLegal.reserve(roots * layout.actions)
    exploration.reserve(layout.nodes)
  }

  /// Root `root`'s tree.
  func tree(_ root: Int, layout: TreeLayout) -> Tree {
    Tree(nodes: nodes.base, prior: prior.base, edgeVisits: edgeVisits.base, edgeQ: edgeQ.base, child: child.base)
      .advanced(byTrees: root, layout: layout)
  }

  deinit {
    nodes.free()
    prior.free()
    edgeVisits.free()
    edgeQ.free()
    child.free()
    nodeCount.free()
    bounds.free()
    random.free()
    leafParent.free()
    leafAction.free()
    depthSum.free()
    maxDepth.free()
    rootLegal.free()
    exploration.free()
  }
}

/// The shape of every tree of a search: T = N + 1 nodes of A actions.
struct TreeLayout {
  let nodes: Int
  let actions: Int

  /// Bytes per node when every node is in use: its record plus 4 fields per edge, 4 bytes each.
  static func bytesPerNode(actions: Int) -> Int { MemoryLayout<NodeRecord>.stride + actions * 4 * 4 }
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

  /// The tree `count` trees further on in the same arrays.
  @inline(__always)
  func advanced(byTrees count: Int, layout: TreeLayout) -> Tree {
    let nodes = count * layout.nodes
    let edges = nodes * layout.actions
    return Tree(
      nodes: self.nodes + nodes, prior: prior + edges, edgeVisits: edgeVisits + edges, edgeQ: edgeQ + edges,
      child: child + edges)
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
