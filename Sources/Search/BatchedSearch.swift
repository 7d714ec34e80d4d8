/// EfficientZero's Monte-Carlo tree search (paper §3.2, App. A.3) over B roots at once, or Gumbel MuZero's
/// search (`SearchConfig.algorithm`): one search loop, with the algorithm's root and interior choices, root
/// exploration and results (`PUCTRules`, `GumbelRules`).
///
/// Each simulation selects one leaf per root, asks the model for all B leaves in one batched call, expands
/// them and backs their values up. The storage (struct-of-arrays, B x (N + 1) nodes) is allocated on the first
/// run and reused; nothing is allocated inside the simulation loop.
///
///     var search = BatchedSearch()
///     let output = search.run(roots: roots, model: &model, configuration: .init(), seed: 7)
///
/// A `BatchedSearch` is a value: a copy keeps the trees of the last search it ran, and running one copy never
/// disturbs another (storage is unshared before it is written).
public struct BatchedSearch {
  var storage = TreeStorage()
  private var leaves = LeafBatch(count: 0, actionCount: 0)
  private var evaluations = LeafEvaluations(count: 0, actionCount: 0)
  /// The output of the latest search.
  public private(set) var output = SearchOutput()
  /// The shape of the latest search, for inspection.
  private(set) var rootCount = 0
  private(set) var layout = TreeLayout(nodes: 1, actions: 1)

  public init() {}

  /// Storage bytes per tree node for `actionCount` actions (node fields plus the node's edges).
  public static func bytesPerNode(actionCount: Int) -> Int {
    TreeLayout.bytesPerNode(actions: actionCount)
  }

  /// Searches every root for `configuration.simulations` simulations. The same seed gives the same search;
  /// root b draws all its randomness (noise, ties, the chosen action) from `SearchRandom(seed:stream: b)`.
  /// A model's failure ends the search and is rethrown (a model that cannot fail makes this non-throwing).
  @discardableResult
  public mutating func run<Model: SearchModel>(
    roots: SearchRoots, model: inout Model, configuration: SearchConfig, seed: UInt64,
    parallelism: RootParallelism = .serial
  ) throws(Model.Failure) -> SearchOutput {
    configuration.validate()
    roots.validate()
    let b = roots.count
    let a = roots.actionCount
    prepareStorage(roots: b, actions: a, simulations: configuration.simulations)
    // The loop is generic over the algorithm only, so that each algorithm's copy is compiled with its
    // rules inlined; the model is reached through a closure (one call per simulation).
    do {
      switch configuration.algorithm {
      case .puct(let settings):
        let rules = PUCTRules(settings, storage: storage, layout: layout)
        return try search(roots: roots, configuration: configuration, rules: rules, seed: seed, parallelism: parallelism) {
          try model.recurrent($0, into: &$1)
        }
      case .gumbel(let settings):
        precondition(roots.values != nil, "the Gumbel search needs the roots' values")
        let rules = GumbelRules(settings, storage: storage, layout: layout)
        return try search(roots: roots, configuration: configuration, rules: rules, seed: seed, parallelism: parallelism) {
          try model.recurrent($0, into: &$1)
        }
      }
    } catch let failure as Model.Failure {
      throw failure
    } catch {
      preconditionFailure("only the model's failures reach the search")
    }
  }

  /// The search loop, the same for every algorithm.
  private mutating func search<Rules: AlgorithmRules>(
    roots: SearchRoots, configuration: SearchConfig, rules: Rules, seed: UInt64, parallelism: RootParallelism,
    evaluate: (LeafBatch, inout LeafEvaluations) throws -> Void
  ) rethrows -> SearchOutput {
    let b = roots.count
    let a = roots.actionCount
    let forest = Forest(
      storage: storage, rootCount: b, layout: layout, configuration: configuration,
      hasLegalMask: roots.legalActions != nil)
    let chunks = min(parallelism.chunkCount, b)

    // Each root's next selection depends on its own tree only, so it follows that root's expansion at once,
    // while the tree is still in cache: one pass over the roots per simulation instead of two.
    roots.policyLogits.withUnsafeBufferPointer { logitBuffer in
      roots.legalActions.withUnsafeBufferPointerIfPresent { legalBuffer in
        roots.values.withUnsafeBufferPointerIfPresent { valueBuffer in
          roots.gumbel.withUnsafeBufferPointerIfPresent { gumbelBuffer in
            let logits = SharedInput(logitBuffer)
            let legal = legalBuffer.map(SharedInput.init)
            let values = valueBuffer.map(SharedInput.init)
            let draws = gumbelBuffer.map(SharedInput.init)
            parallelism.forEachChunk(chunks) { chunk in
              withUnsafeTemporaryAllocation(of: Double.self, capacity: a) { noiseScratch in
                withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * a) { scores in
                  for root in forest.roots(chunk: chunk, of: chunks) {
                    forest.prepareRoot(
                      root, rules: rules, seed: seed, logits: logits.base + root * a,
                      legal: legal.map { $0.base + root * a }, noiseScratch: noiseScratch, value: values?[root] ?? 0,
                      draws: draws.map { $0.base + root * a })
                    forest.selectLeaf(root, rules: rules, scratch: scores.baseAddress!)
                  }
                }
              }
            }
          }
        }
      }
    }

    for simulation in 0..<configuration.simulations {
      let slot = simulation + 1
      let selectsAgain = slot < configuration.simulations
      fillLeafBatch(forest, newSlot: slot)
      try evaluate(leaves, &evaluations)
      precondition(
        evaluations.valuePrefixes.count == b && evaluations.values.count == b
          && evaluations.policyLogits.count == b * a,
        "the model must keep the sizes of the evaluation arrays")
      evaluations.valuePrefixes.withUnsafeBufferPointer { prefixBuffer in
        evaluations.values.withUnsafeBufferPointer { valueBuffer in
          evaluations.policyLogits.withUnsafeBufferPointer { logitBuffer in
            let prefixes = SharedInput(prefixBuffer)
            let values = SharedInput(valueBuffer)
            let logits = SharedInput(logitBuffer)
            parallelism.forEachChunk(chunks) { chunk in
              withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * a) { scores in
                for root in forest.roots(chunk: chunk, of: chunks) {
                  forest.expandLeaf(
                    root, rules: rules, leaf: slot, valuePrefix: prefixes[root], value: values[root],
                    logits: logits.base + root * a)
                  if selectsAgain { forest.selectLeaf(root, rules: rules, scratch: scores.baseAddress!) }
                }
              }
            }
          }
        }
      }
    }

    writeOutput(forest, rules: rules, parallelism: parallelism, chunks: chunks)
    return output
  }

  private mutating func prepareStorage(roots: Int, actions: Int, simulations: Int) {
    if !isKnownUniquelyReferenced(&storage) { storage = TreeStorage() }
    layout = TreeLayout(nodes: simulations + 1, actions: actions)
    storage.reserve(roots: roots, layout: layout)
    if leaves.count != roots || leaves.actionCount != actions {
      leaves = LeafBatch(count: roots, actionCount: actions)
      evaluations = LeafEvaluations(count: roots, actionCount: actions)
    }
    output.resize(rootCount: roots, actionCount: actions)
    rootCount = roots
  }

  private mutating func fillLeafBatch(_ forest: Forest, newSlot: Int) {
    leaves.newSlot = newSlot
    for root in 0..<forest.rootCount {
      let parent = Int(forest.leafParent[root])
      let parentDepth = forest.tree(root).nodes[parent].depth
      leaves.parentSlots[root] = parent
      leaves.actions[root] = Int(forest.leafAction[root])
      leaves.resetsValuePrefix[root] = forest.resets(depth: parentDepth)
      leaves.depths[root] = Int(parentDepth) + 1
    }
  }

  private mutating func writeOutput<Rules: AlgorithmRules>(
    _ forest: Forest, rules: Rules, parallelism: RootParallelism, chunks: Int
  ) {
    let actionCount = forest.actionCount
    output.visitCounts.withUnsafeMutableBufferPointer { visitCountBuffer in
      output.policy.withUnsafeMutableBufferPointer { policyBuffer in
        output.policyTargets.withUnsafeMutableBufferPointer { policyTargetBuffer in
          output.rootValues.withUnsafeMutableBufferPointer { rootValueBuffer in
            output.actions.withUnsafeMutableBufferPointer { actionBuffer in
              output.maxDepths.withUnsafeMutableBufferPointer { maxDepthBuffer in
                output.meanDepths.withUnsafeMutableBufferPointer { meanDepthBuffer in
                  let rows = ResultRows(
                    visitCounts: visitCountBuffer.baseAddress!, policy: policyBuffer.baseAddress!,
                    policyTargets: policyTargetBuffer.baseAddress!, rootValues: rootValueBuffer.baseAddress!,
                    actions: actionBuffer.baseAddress!, maxDepths: maxDepthBuffer.baseAddress!,
                    meanDepths: meanDepthBuffer.baseAddress!)
                  parallelism.forEachChunk(chunks) { chunk in
                    withUnsafeTemporaryAllocation(of: Float.self, capacity: actionCount) { scratch in
                      for root in forest.roots(chunk: chunk, of: chunks) {
                        forest.writeResults(root, rules: rules, into: rows, scratch: scratch.baseAddress!)
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}

extension Optional {
  /// Calls `body` with the array's buffer when there is an array, with nil otherwise.
  fileprivate func withUnsafeBufferPointerIfPresent<Element, Result>(
    _ body: (UnsafeBufferPointer<Element>?) -> Result
  ) -> Result where Wrapped == [Element] {
    switch self {
    case .some(let array): array.withUnsafeBufferPointer { body($0) }
    case .none: body(nil)
    }
  }
}
