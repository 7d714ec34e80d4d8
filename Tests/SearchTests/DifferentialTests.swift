import Search
import Testing

/// The batched search against the plain recursive reference, on hashed stand-in models.
@Suite struct DifferentialTests {
  /// One variant of the search per case, cycling through the options so that every shape meets each of them.
  static func configuration(simulations: Int, variant: Int) -> SearchConfig {
    var configuration = SearchConfig()
    configuration.simulations = simulations
    configuration.puctSettings.rootNoise = variant % 2 == 0 ? nil : .efficientZero
    configuration.qNormalisation.bounds = variant % 5 == 4 ? .runningExtremes : (variant % 7 == 6 ? .node : .wholeTree)
    configuration.puctSettings.temperature = [1, 0, 0.25][variant % 3]
    configuration.valuePrefixHorizon = variant % 4 == 3 ? 3 : 5
    return configuration
  }

  static func predictions(seed: UInt64, actionCount: Int, horizon: Int, variant: Int) -> HashedPredictions {
    // Value scales below, near and far above the min-max floor.
    let scale: Float = [1, 0.002, 40, 0.3][(variant / 2) % 4]
    return HashedPredictions(
      seed: seed, actionCount: actionCount, horizon: horizon, valueScale: scale, rewardScale: scale / 2)
  }

  static func legalMask(rootCount: Int, actionCount: Int, seed: UInt64) -> [Bool] {
    var random = SearchRandom(seed: seed, stream: 99)
    var mask = (0..<rootCount * actionCount).map { _ in random.below(3) != 0 }
    for root in 0..<rootCount { mask[root * actionCount + random.below(actionCount)] = true }
    return mask
  }

  @Test(arguments: [1, 7, 64], [2, 4, 18])
  func matchesReference(rootCount: Int, actionCount: Int) throws {
    var search = BatchedSearch()
    var variant = rootCount + actionCount
    for simulations in [1, 2, 10, 50] {
      for seed: UInt64 in [1, 2, 3] {
        variant += 1
        let configuration = Self.configuration(simulations: simulations, variant: variant)
        let predictions = Self.predictions(
          seed: seed &* 1000 &+ UInt64(simulations), actionCount: actionCount,
          horizon: configuration.valuePrefixHorizon, variant: variant)
        var model = HashedModel(predictions: predictions, rootCount: rootCount, simulations: simulations)
        var roots = model.roots
        if [1, 3, 5].contains(variant % 7) {
          roots.legalActions = Self.legalMask(rootCount: rootCount, actionCount: actionCount, seed: seed)
        }
        let output = search.run(roots: roots, model: &model, configuration: configuration, seed: seed)
        #expect(model.slotViolations == 0)

        for root in 0..<rootCount {
          var reference = ReferenceSearch(configuration: configuration, actionCount: actionCount) {
            predictions.evaluate(root: root, path: $0)
          }
          let expected = reference.run(
            rootLogits: predictions.rootLogits(root),
            legal: roots.legalActions.map { Array($0[root * actionCount..<(root + 1) * actionCount]) },
            random: SearchRandom(seed: seed, stream: UInt64(root)))
          let context = Comment(
            rawValue: "B=\(rootCount) A=\(actionCount) N=\(simulations) seed=\(seed) variant=\(variant) root=\(root)")
          #expect(Array(output.visitCounts(root: root)) == expected.visitCounts, context)
          #expect(abs(output.rootValues[root] - expected.rootValue) <= 1e-6, context)
          #expect(output.actions[root] == expected.action, context)
          #expect(Array(output.policy(root: root)) == expected.policy, context)
          #expect(output.maxDepths[root] == expected.maxDepth, context)
          #expect(output.meanDepths[root] == expected.meanDepth, context)
          if rootCount <= 7 {
            try expectSameTree(search, root: root, path: [], expected.root, context: context)
          }
        }
      }
    }
  }

  /// Every node of the reference tree exists in the batched tree with the same statistics, and vice versa.
  func expectSameTree(
    _ search: BatchedSearch, root: Int, path: [Int], _ expected: ReferenceNode, context: Comment
  ) throws {
    let node = try #require(search.node(root: root, path: path), context)
    #expect(node.visitCount == expected.visitCount, context)
    #expect(abs(node.valueSum - expected.valueSum) <= 1e-6 * max(1, abs(expected.valueSum)), context)
    #expect(node.reward == expected.reward, context)
    #expect(node.priors == expected.priors, context)
    #expect(node.depth == path.count, context)
    for (action, child) in expected.children.enumerated() {
      if let child {
        try expectSameTree(search, root: root, path: path + [action], child, context: context)
      } else {
        #expect(search.node(root: root, path: path + [action]) == nil, context)
      }
    }
  }
}
