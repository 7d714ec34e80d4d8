import Dispatch
import Search
import Testing

/// Masks, root noise, determinism, threads and reuse of the batched search.
@Suite struct BehaviourTests {
  static func run(
    rootCount: Int = 8, actionCount: Int = 6, simulations: Int = 40, noise: RootNoise? = nil,
    legal: [Bool]? = nil, seed: UInt64 = 1, modelSeed: UInt64 = 17, search: inout BatchedSearch,
    parallelism: RootParallelism = .serial
  ) -> SearchOutput {
    let predictions = HashedPredictions(
      seed: modelSeed, actionCount: actionCount, horizon: 5, valueScale: 1, rewardScale: 0.5)
    var model = HashedModel(predictions: predictions, rootCount: rootCount, simulations: simulations)
    var roots = model.roots
    roots.legalActions = legal
    var configuration = SearchConfig()
    configuration.simulations = simulations
    configuration.puctSettings.rootNoise = noise
    return search.run(
      roots: roots, model: &model, configuration: configuration, seed: seed, parallelism: parallelism)
  }

  @Test func maskedActionsAreNeverVisited() throws {
    let rootCount = 8
    let actionCount = 6
    var legal = [Bool](repeating: true, count: rootCount * actionCount)
    for root in 0..<rootCount {
      legal[root * actionCount + root % actionCount] = false
      legal[root * actionCount + (root + 3) % actionCount] = false
    }
    var search = BatchedSearch()
    let output = Self.run(
      rootCount: rootCount, actionCount: actionCount, simulations: 60, noise: .efficientZero, legal: legal,
      search: &search)
    for root in 0..<rootCount {
      let priors = try #require(search.node(root: root, path: [])).priors
      for action in 0..<actionCount where !legal[root * actionCount + action] {
        #expect(output.visitCounts[root * actionCount + action] == 0)
        #expect(output.policy[root * actionCount + action] == 0)
        #expect(priors[action] == 0)
        #expect(output.actions[root] != action)
      }
      #expect(abs(priors.reduce(0, +) - 1) <= 1e-5)
      #expect(output.visitCounts(root: root).reduce(0, +) == 60)
    }
  }

  @Test func noiseIsMixedIntoTheRootOnly() throws {
    let rootCount = 4
    let actionCount = 5
    var noisy = BatchedSearch()
    var plain = BatchedSearch()
    _ = Self.run(rootCount: rootCount, actionCount: actionCount, simulations: 30, noise: .efficientZero, search: &noisy)
    _ = Self.run(rootCount: rootCount, actionCount: actionCount, simulations: 30, noise: nil, search: &plain)
    let predictions = HashedPredictions(seed: 17, actionCount: actionCount, horizon: 5, valueScale: 1, rewardScale: 0.5)
    for root in 0..<rootCount {
      let softmax = Self.softmax(predictions.rootLogits(root))
      let noisyRoot = try #require(noisy.node(root: root, path: []))
      let plainRoot = try #require(plain.node(root: root, path: []))
      #expect(plainRoot.priors == softmax)
      #expect(noisyRoot.priors != softmax)
      #expect(abs(noisyRoot.priors.reduce(0, +) - 1) <= 1e-5)
      for (p, prior) in zip(noisyRoot.priors, softmax) { #expect(p >= 0.75 * prior - 1e-6) }  // (1 - 0.25) P + 0.25 n
      // Below the root the priors are the model's softmax exactly.
      try expectModelPriors(noisy, root: root, path: [], predictions: predictions)
    }
  }

  func expectModelPriors(_ search: BatchedSearch, root: Int, path: [Int], predictions: HashedPredictions) throws {
    let node = try #require(search.node(root: root, path: path))
    if !path.isEmpty {
      #expect(node.priors == Self.softmax(predictions.evaluate(root: root, path: path).logits))
    }
    for action in 0..<node.priors.count where node.childVisitCounts[action] > 0 {
      try expectModelPriors(search, root: root, path: path + [action], predictions: predictions)
    }
  }

  static func softmax(_ logits: [Float]) -> [Float] {
    let largest = logits.max()!
    let exps = logits.map { Elementary.exp($0 - largest) }
    let total = exps.reduce(0, +)
    return exps.map { $0 / total }
  }

  @Test func sameSeedSameSearch() {
    var first = BatchedSearch()
    var second = BatchedSearch()
    let a = Self.run(rootCount: 16, actionCount: 4, noise: .efficientZero, seed: 5, search: &first)
    let b = Self.run(rootCount: 16, actionCount: 4, noise: .efficientZero, seed: 5, search: &second)
    let c = Self.run(rootCount: 16, actionCount: 4, noise: .efficientZero, seed: 6, search: &second)
    #expect(a.visitCounts == b.visitCounts && a.rootValues == b.rootValues && a.actions == b.actions)
    #expect(a.visitCounts != c.visitCounts)
  }

  @Test func rootResultsDependOnlyOnSeedAndIndex() {
    // Root b's search is the same whether it is searched alone or among others.
    var batched = BatchedSearch()
    let all = Self.run(rootCount: 5, actionCount: 4, noise: .efficientZero, seed: 8, search: &batched)
    var alone = BatchedSearch()
    let first = Self.run(rootCount: 1, actionCount: 4, noise: .efficientZero, seed: 8, search: &alone)
    #expect(Array(all.visitCounts(root: 0)) == first.visitCounts)
    #expect(all.rootValues[0] == first.rootValues[0])
  }

  @Test func threadsGiveTheSameSearchAsOneThread() {
    let threads = RootParallelism(chunkCount: 4) { count, body in
      DispatchQueue.concurrentPerform(iterations: count, execute: body)
    }
    for noise in [nil, RootNoise.efficientZero] {
      var serialSearch = BatchedSearch()
      var parallelSearch = BatchedSearch()
      let serial = Self.run(rootCount: 37, actionCount: 7, simulations: 50, noise: noise, search: &serialSearch)
      let parallel = Self.run(
        rootCount: 37, actionCount: 7, simulations: 50, noise: noise, search: &parallelSearch, parallelism: threads)
      #expect(serial.visitCounts == parallel.visitCounts)
      #expect(serial.rootValues == parallel.rootValues)
      #expect(serial.actions == parallel.actions)
      #expect(serial.maxDepths == parallel.maxDepths)
    }
  }

  @Test func reuseAcrossShapesMatchesAFreshSearch() {
    var reused = BatchedSearch()
    _ = Self.run(rootCount: 30, actionCount: 9, simulations: 20, search: &reused)
    _ = Self.run(rootCount: 3, actionCount: 2, simulations: 70, search: &reused)
    let again = Self.run(rootCount: 12, actionCount: 5, simulations: 35, noise: .efficientZero, search: &reused)
    var fresh = BatchedSearch()
    let expected = Self.run(rootCount: 12, actionCount: 5, simulations: 35, noise: .efficientZero, search: &fresh)
    #expect(again.visitCounts == expected.visitCounts && again.rootValues == expected.rootValues)
  }

  @Test func copiesKeepTheirOwnTrees() throws {
    var original = BatchedSearch()
    _ = Self.run(rootCount: 2, actionCount: 3, simulations: 10, seed: 1, search: &original)
    let snapshot = original
    let before = try #require(snapshot.node(root: 0, path: []))
    _ = Self.run(rootCount: 2, actionCount: 3, simulations: 25, seed: 2, modelSeed: 99, search: &original)
    #expect(try #require(snapshot.node(root: 0, path: [])) == before)
    #expect(snapshot.output.visitCounts(root: 0).reduce(0, +) == 10)
    #expect(original.output.visitCounts(root: 0).reduce(0, +) == 25)
  }

  @Test func leafBatchesFollowTheSlotConvention() {
    let predictions = HashedPredictions(seed: 3, actionCount: 3, horizon: 5, valueScale: 1, rewardScale: 0.5)
    var model = HashedModel(predictions: predictions, rootCount: 6, simulations: 25)
    model.recordsBatches = true
    var configuration = SearchConfig()
    configuration.simulations = 25
    var search = BatchedSearch()
    search.run(roots: model.roots, model: &model, configuration: configuration, seed: 4)
    #expect(model.slotViolations == 0)
    #expect(model.batches.map(\.newSlot) == Array(1...25))
    for (k, batch) in model.batches.enumerated() {
      #expect(batch.count == 6 && batch.actionCount == 3)
      #expect(batch.parentSlots.allSatisfy { $0 <= k })  // a parent was created by an earlier simulation
      #expect(zip(batch.depths, batch.resetsValuePrefix).allSatisfy { ($0 - 1) % 5 == 0 ? $1 : !$1 })
    }
  }

  /// A model's failure ends the search at that simulation and reaches the caller as the model's own error.
  @Test func aModelsFailureEndsTheSearchAndIsRethrown() {
    struct Broken: Error, Equatable { let simulation: Int }
    struct FailsAtThird: SearchModel {
      var calls = 0
      mutating func recurrent(_ leaves: LeafBatch, into evaluations: inout LeafEvaluations) throws(Broken) {
        calls += 1
        if calls == 3 { throw Broken(simulation: calls) }
      }
    }
    var configuration = SearchConfig()
    configuration.simulations = 8
    configuration.puctSettings.rootNoise = nil
    let roots = SearchRoots(count: 2, actionCount: 3, policyLogits: [Float](repeating: 0, count: 6))
    var model = FailsAtThird()
    var search = BatchedSearch()
    #expect(throws: Broken(simulation: 3)) {
      try search.run(roots: roots, model: &model, configuration: configuration, seed: 1)
    }
    #expect(model.calls == 3)
    // The engine is reusable after a failure.
    var working = FailsAtThird(calls: 3)
    let output = try? search.run(roots: roots, model: &working, configuration: configuration, seed: 1)
    #expect(output?.visitCounts.reduce(0, +) == 2 * 8)
  }
}
