/// The B trees of one search as raw views into `TreeStorage`, with the constants both algorithms read.
///
/// A trivially copyable value: the per-root work (preparation, selection, expansion and backup) reads and
/// writes only its own root's tree and per-root entries, so chunks of roots can run on different threads;
/// that disjointness is why it may be shared across them.
struct Forest: @unchecked Sendable {
  let rootCount: Int
  let actionCount: Int
  let simulations: Int
  let layout: TreeLayout

  let discount: Float
  let horizon: Int32
  let qNormalisation: QNormalisation
  /// The bounds of Eq. 10 are kept over the tree (whole tree or running extremes), not taken per node.
  let usesTreeBounds: Bool
  let hasLegalMask: Bool

  /// Root 0's tree; root b's starts b trees further on in every field.
  let firstTree: Tree
  let nodeCount: UnsafeMutablePointer<Int32>
  let bounds: UnsafeMutablePointer<MinMaxBounds>
  let random: UnsafeMutablePointer<SearchRandom>
  let leafParent: UnsafeMutablePointer<Int32>
  let leafAction: UnsafeMutablePointer<Int32>
  let depthSum: UnsafeMutablePointer<Int32>
  let maxDepth: UnsafeMutablePointer<Int32>
  let rootLegal: UnsafeMutablePointer<Bool>

  init(storage: TreeStorage, rootCount: Int, layout: TreeLayout, configuration: SearchConfig, hasLegalMask: Bool) {
    self.rootCount = rootCount
    self.layout = layout
    actionCount = layout.actions
    simulations = configuration.simulations
    discount = configuration.discount
    horizon = Int32(configuration.valuePrefixHorizon)
    qNormalisation = configuration.qNormalisation
    usesTreeBounds = configuration.qNormalisation.usesTreeBounds
    self.hasLegalMask = hasLegalMask
    firstTree = storage.tree(0, layout: layout)
    nodeCount = storage.nodeCount.base
    bounds = storage.bounds.base
    random = storage.random.base
    leafParent = storage.leafParent.base
    leafAction = storage.leafAction.base
    depthSum = storage.depthSum.base
    maxDepth = storage.maxDepth.base
    rootLegal = storage.rootLegal.base
  }

  /// Root `root`'s tree.
  @inline(__always)
  func tree(_ root: Int) -> Tree { firstTree.advanced(byTrees: root, layout: layout) }

  /// Whether the value-prefix LSTM restarts after a node at this depth (the root's depth 0 included).
  @inline(__always)
  func resets(depth: Int32) -> Bool { depth % horizon == 0 }

  /// Range of roots handled by chunk `chunk` of `chunks`.
  func roots(chunk: Int, of chunks: Int) -> Range<Int> {
    (rootCount * chunk / chunks)..<(rootCount * (chunk + 1) / chunks)
  }
}

/// Read-only memory shared by the chunks of a parallel phase (inputs such as logits and model outputs).
struct SharedInput<Element>: @unchecked Sendable {
  let base: UnsafePointer<Element>

  init(_ buffer: UnsafeBufferPointer<Element>) { base = buffer.baseAddress! }

  @inline(__always)
  subscript(_ index: Int) -> Element { base[index] }
}

extension Forest {
  /// The search's Q-normalisation for one node of root `root`'s tree: the tree's bounds, or `nodeExtremes`,
  /// the extremes of the node's own Q values (the unvisited actions' filled in), which the caller gathers
  /// when `usesTreeBounds` is false.
  @inline(__always)
  func normaliser(root: Int, nodeExtremes: MinMaxBounds) -> QNormaliser {
    QNormaliser(extremes: usesTreeBounds ? bounds[root] : nodeExtremes, floor: qNormalisation.floor)
  }
}

/// Eq. 10 between fixed extremes: (q - min) / max(max - min, floor), clamped to [0, 1]. Before any Q is
/// known every value is equally unknown, and all normalise to 0.
struct QNormaliser {
  let low: Float
  let range: Float
  let isKnown: Bool

  @inline(__always)
  init(extremes: MinMaxBounds, floor: Float) {
    low = extremes.minimum
    range = extremes.range(floor: floor)
    isKnown = !extremes.isEmpty
  }

  @inline(__always)
  func callAsFunction(_ q: Float) -> Float {
    isKnown ? MinMaxBounds.clamp((q - low) / range) : 0
  }
}
