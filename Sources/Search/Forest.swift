/// The B trees of one search as raw views into `TreeStorage`, with the search's constants.
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
  let minMaxFloor: Float
  let minMaxRule: MinMaxRule
  let tieTolerance: Float
  let breaksTiesAtRandom: Bool
  let hasLegalMask: Bool
  /// The Gumbel search instead of PUCT, with its constants.
  let isGumbel: Bool
  let gumbelVisitScale: Float
  let gumbelValueScale: Float
  /// The Gumbel search rescales completed Q with Eq. 10's tree bounds rather than each node's own.
  let gumbelUsesTreeBounds: Bool
  let maxConsidered: Int
  let rootVisitValue: RootVisitValue

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
  let exploration: UnsafeMutablePointer<Float>
  let gumbel: UnsafeMutablePointer<Float>
  let consideredCount: UnsafeMutablePointer<Int32>
  let schedule: UnsafeMutablePointer<Int32>

  init(storage: TreeStorage, rootCount: Int, layout: TreeLayout, configuration: SearchConfig, hasLegalMask: Bool) {
    self.rootCount = rootCount
    self.layout = layout
    actionCount = layout.actions
    simulations = configuration.simulations
    discount = configuration.discount
    horizon = Int32(configuration.valuePrefixHorizon)
    minMaxFloor = configuration.minMaxFloor
    minMaxRule = configuration.minMaxRule
    tieTolerance = configuration.tieTolerance
    breaksTiesAtRandom = configuration.tieBreak == .random
    self.hasLegalMask = hasLegalMask
    isGumbel = configuration.algorithm == .gumbel
    gumbelVisitScale = configuration.gumbel.visitScale
    gumbelValueScale = configuration.gumbel.valueScale
    gumbelUsesTreeBounds = configuration.gumbel.qBounds == .tree
    maxConsidered = configuration.gumbel.maxConsideredActions
    rootVisitValue = configuration.rootVisitValue
    firstTree = storage.tree(0, layout: layout)
    nodeCount = storage.nodeCount.base
    bounds = storage.bounds.base
    random = storage.random.base
    leafParent = storage.leafParent.base
    leafAction = storage.leafAction.base
    depthSum = storage.depthSum.base
    maxDepth = storage.maxDepth.base
    rootLegal = storage.rootLegal.base
    exploration = storage.exploration.base
    gumbel = storage.gumbel.base
    consideredCount = storage.consideredCount.base
    schedule = storage.schedule.base
  }

  /// Eq. 7's factor (c1 + log((Σ_b N + c2 + 1) / c2)) * sqrt(Σ_b N) for Σ_b N = 0 ... N, once per search.
  func tabulateExploration(_ configuration: SearchConfig) {
    let c1 = Double(configuration.explorationInit)
    let c2 = Double(configuration.explorationBase)
    for n in 0..<layout.nodes {
      let visits = Double(n)
      exploration[n] = Float((c1 + Elementary.log((visits + c2 + 1) / c2)) * visits.squareRoot())
    }
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
