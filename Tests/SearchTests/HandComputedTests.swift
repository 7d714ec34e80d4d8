import Search
import Testing

/// Small trees whose every number is worked out by hand (γ = 0.5 so the arithmetic stays readable).
///
/// Eq. 7's exploration factor (c1 + log((n + c2 + 1) / c2)) * sqrt(n) with c1 = 1.25, c2 = 19652:
/// n = 0: 0, n = 1: 1.2501018, n = 2: 1.7679828, n = 3: 2.165416.
@Suite struct HandComputedTests {
  static let halfDiscount: SearchConfig = {
    var configuration = SearchConfig()
    configuration.discount = 0.5
    return configuration
  }()

  /// The first simulation is a tie at the root (Σ N = 0 makes every exploration term 0 and every Q the
  /// root's estimate 0), broken by the root's stream; these tests pick a seed whose first draw is action 0.
  static let seedPickingActionZeroFirst: UInt64 = {
    var seed: UInt64 = 0
    while true {
      var random = SearchRandom(seed: seed, stream: 0)
      if random.below(2) == 0 { return seed }
      seed += 1
    }
  }()

  /// Root priors [0.6, 0.4] (logits [log 1.5, 0]); at depth 1 uniform priors.
  static func twoActionModel() -> PathTableModel {
    PathTableModel(
      actionCount: 2,
      table: [
        [0]: (valuePrefix: 1.0, value: 2.0, logits: [0, 0]),
        [1]: (valuePrefix: 0.5, value: 0.0, logits: [0, 0]),
        // Both children of [0] predict the same, so the tie at [0] does not change any number.
        [0, 0]: (valuePrefix: 1.5, value: 1.0, logits: [0, 0]),
        [0, 1]: (valuePrefix: 1.5, value: 1.0, logits: [0, 0]),
      ])
  }

  static let twoActionRoots = SearchRoots(count: 1, actionCount: 2, policyLogits: [0.405_465_1, 0])

  func search(simulations: Int, model: PathTableModel = twoActionModel()) -> BatchedSearch {
    var configuration = Self.halfDiscount
    configuration.simulations = simulations
    var model = model
    var search = BatchedSearch()
    search.run(
      roots: Self.twoActionRoots, model: &model, configuration: configuration,
      seed: Self.seedPickingActionZeroFirst)
    return search
  }

  @Test func twoActionTreeAfterOneSimulation() throws {
    // Tie at the root -> action 0. Leaf [0]: r = 1 (the root resets, r = prefix), Q = 1 + 0.5 * 2 = 2.
    // Root: value sum 0 + (1 + 0.5 * 2) = 2 over 1 + 1 visits.
    let search = search(simulations: 1)
    #expect(search.output.visitCounts == [1, 0])
    #expect(search.output.rootValues == [1.0])
    let child = try #require(search.node(root: 0, path: [0]))
    #expect(child.slot == 1 && child.visitCount == 1 && child.valueSum == 2)
    #expect(child.reward == 1 && child.q == 2)
    #expect(search.minMaxBounds(root: 0) == MinMaxBounds(minimum: 2, maximum: 2))
  }

  /// `root_first_visit: network`: the root's first visit counts the network's value (3 here) instead of 0;
  /// the selection (Eq. 10's bounds span the nodes below the root) and the visits do not change.
  @Test func rootVisitCanCountTheNetworkValue() throws {
    var configuration = Self.halfDiscount
    configuration.simulations = 2
    configuration.puctSettings.rootFirstVisit = .network
    var model = Self.twoActionModel()
    var roots = Self.twoActionRoots
    roots.values = [3]
    var search = BatchedSearch()
    search.run(roots: roots, model: &model, configuration: configuration, seed: Self.seedPickingActionZeroFirst)
    #expect(search.output.visitCounts == [1, 1])
    #expect(abs(search.output.rootValues[0] - (3 + 2 + 0.5) / 3) <= 1e-6)
    // The default counts 0 for the same roots: (0 + 2 + 0.5) / 3.
    configuration.puctSettings.rootFirstVisit = .zero
    model = Self.twoActionModel()
    search.run(roots: roots, model: &model, configuration: configuration, seed: Self.seedPickingActionZeroFirst)
    #expect(abs(search.output.rootValues[0] - 2.5 / 3) <= 1e-6)
  }

  @Test func twoActionTreeAfterTwoSimulations() throws {
    // Root: Σ N = 1, Q̂ = 2 (mean over visited children). Bounds [2, 2]: range floored to 0.01, both
    // normalise to 0. Scores: a0 = 0 + 0.6 * 1.2501018 / 2 = 0.3750305, a1 = 0 + 0.4 * 1.2501018 / 1 = 0.5000407.
    // -> action 1. Leaf [1]: r = 0.5, Q = 0.5 + 0.5 * 0 = 0.5. Root: value sum 2 + 0.5 over 3 visits.
    let search = search(simulations: 2)
    #expect(search.output.visitCounts == [1, 1])
    #expect(abs(search.output.rootValues[0] - 2.5 / 3) <= 1e-6)
    let child = try #require(search.node(root: 0, path: [1]))
    #expect(child.slot == 2 && child.reward == 0.5 && child.q == 0.5)
    #expect(search.minMaxBounds(root: 0) == MinMaxBounds(minimum: 0.5, maximum: 2))
  }

  @Test func twoActionTreeAfterThreeSimulations() throws {
    // Root: Σ N = 2, Q̂ = (2 + 0.5) / 2 = 1.25. Normalised Q: a0 (2 - 0.5) / 1.5 = 1, a1 0.
    // Scores: a0 = 1 + 0.6 * 1.7679828 / 2 = 1.5303948, a1 = 0 + 0.4 * 1.7679828 / 2 = 0.3535966 -> action 0.
    // Node [0]: Σ N = 0, Q̂ = (1.25 + 0) / 1 = 1.25 for both children: a tie, broken at random.
    // Leaf [0, x]: parent [0] at depth 1 does not reset, r = 1.5 - 1.0 = 0.5, Q = 0.5 + 0.5 * 1 = 1.
    // Backup: [0, x] sum 1; [0] sum 2 + (0.5 + 0.5 * 1) = 3 over 2 visits, Q = 1 + 0.5 * 1.5 = 1.75;
    // root sum 2.5 + (1 + 0.5 * 1) = 4 over 4 visits -> root value 1.
    let search = search(simulations: 3)
    #expect(search.output.visitCounts == [2, 1])
    #expect(search.output.rootValues == [1.0])
    #expect(search.output.policy == [2.0 / 3, 1.0 / 3])
    let node = try #require(search.node(root: 0, path: [0]))
    #expect(node.visitCount == 2 && node.valueSum == 3 && node.q == 1.75)
    #expect(node.childVisitCounts.reduce(0, +) == 1)
    let visited = node.childVisitCounts.firstIndex(of: 1)!
    let grandchild = try #require(search.node(root: 0, path: [0, visited]))
    #expect(grandchild.reward == 0.5 && grandchild.q == 1 && grandchild.depth == 2)
    // The old maximum 2 belonged to [0], whose Q fell to 1.75: the bounds shrink to the tree's real extremes.
    #expect(search.minMaxBounds(root: 0) == MinMaxBounds(minimum: 0.5, maximum: 1.75))
  }

  @Test func unvisitedChildTakesTheParentsMeanQ() throws {
    // Simulation 4. Root: Σ N = 3, Q̂ = (1.75 + 0.5) / 2 = 1.125; a0 = 1 + 0.6 * 2.165416 / 3 = 1.4330832,
    // a1 = 0 + 0.4 * 2.165416 / 2 = 0.4330832 -> action 0.
    // Node [0]: Σ N = 1, Q̂ = (Q̂(root) + Q(visited)) / (1 + 1) = (1.125 + 1) / 2 = 1.0625 (Eq. 8).
    // Bounds [0.5, 1.75]. Visited child: (1 - 0.5) / 1.25 = 0.4 + 0.5 * 1.2501018 / 2 = 0.7125255.
    // Unvisited child: (1.0625 - 0.5) / 1.25 = 0.45 + 0.5 * 1.2501018 / 1 = 1.0750508 -> the unvisited child.
    // (Were an unvisited Q taken as 0 it would normalise to 0 and score 0.6250509, losing to 0.7125255.)
    let search = search(simulations: 4)
    #expect(search.output.visitCounts == [3, 1])
    let node = try #require(search.node(root: 0, path: [0]))
    #expect(node.childVisitCounts == [1, 1])
    // [0]: sum 3 + 1 = 4 over 3 visits, Q = 1 + 0.5 * 4/3; root: sum 4 + 1.5 over 5 visits.
    #expect(abs(node.q! - (1 + 0.5 * 4 / 3)) <= 1e-6)
    #expect(abs(search.output.rootValues[0] - 1.1) <= 1e-6)
  }

  @Test func valuePrefixResetsEveryHorizonSteps() throws {
    // A one-action chain, horizon 5: simulation k expands depth k. The LSTM restarts after the root (depth 0)
    // and after depth 5, so the prefixes are 1, 2, 3, 4, 5, 1, 2 and every reward is 1: at depth 6 the reward
    // is the prefix itself (parent at depth 5 resets), not 1 - 5.
    var configuration = Self.halfDiscount
    configuration.simulations = 7
    configuration.valuePrefixHorizon = 5
    var model = ChainModel()
    var search = BatchedSearch()
    search.run(
      roots: SearchRoots(count: 1, actionCount: 1, policyLogits: [0]), model: &model,
      configuration: configuration, seed: 1)
    #expect(model.batches.map { $0.resetsValuePrefix[0] } == [true, false, false, false, false, true, false])
    #expect(model.batches.map { $0.parentSlots[0] } == [0, 1, 2, 3, 4, 5, 6])
    #expect(model.batches.map { $0.newSlot } == [1, 2, 3, 4, 5, 6, 7])
    #expect(model.batches.map { $0.depths[0] } == [1, 2, 3, 4, 5, 6, 7])
    var path: [Int] = []
    for depth in 1...7 {
      path.append(0)
      let node = try #require(search.node(root: 0, path: path))
      #expect(node.depth == depth)
      #expect(node.valuePrefix == [1, 2, 3, 4, 5, 1, 2][depth - 1])
      #expect(node.reward == 1)
    }
    // Simulation k returns 1 + 0.5 + ... + 0.5^(k-1) = 2 - 2^(1-k) to the root:
    // 1 + 1.5 + 1.75 + 1.875 + 1.9375 + 1.96875 + 1.984375 = 12.015625, over 1 + 7 visits.
    #expect(search.output.rootValues == [12.015_625 / 8])
    #expect(search.output.maxDepths == [7] && search.output.meanDepths == [4])
  }

  @Test func minMaxFloorKeepsTinyDifferencesSmall() {
    // Root priors [0.3, 0.7]. After [0] (tie, action 0) and [1] (a1 = 0.7 * 1.2501018 = 0.8750712 beats
    // a0 = 0.3 * 1.2501018 / 2 = 0.1875153), the third simulation compares at Σ N = 2:
    //   tiny values: Q = 0.002 and 0.0005, range 0.0015 floored to 0.01, a0 normalises to 0.15:
    //     a0 = 0.15 + 0.3 * 1.7679828 / 2 = 0.4151975 < a1 = 0 + 0.7 * 1.7679828 / 2 = 0.6187940 -> action 1;
    //   the same values x 1000: range 1.5, a0 normalises to 1: a0 = 1.2651975 -> action 0.
    func visits(scale: Float) -> [Int] {
      var model = PathTableModel(
        actionCount: 2,
        table: [
          [0]: (valuePrefix: 0.001 * scale, value: 0.002 * scale, logits: [0, 0]),
          [1]: (valuePrefix: 0.0005 * scale, value: 0, logits: [0, 0]),
        ])
      var configuration = Self.halfDiscount
      configuration.simulations = 3
      var search = BatchedSearch()
      return search.run(
        roots: SearchRoots(count: 1, actionCount: 2, policyLogits: [-0.847_297_8, 0]), model: &model,
        configuration: configuration, seed: Self.seedPickingActionZeroFirst
      ).visitCounts
    }
    #expect(visits(scale: 1) == [1, 2])
    #expect(visits(scale: 1000) == [2, 1])
  }

  @Test func minMaxNormalisation() {
    let narrow = MinMaxBounds(minimum: 0, maximum: 0.004)
    #expect(abs(narrow.normalise(0.002, floor: 0.01) - 0.2) <= 1e-6)  // not 0.5: the range is floored at 0.01
    #expect(abs(narrow.normalise(0.004, floor: 0.01) - 0.4) <= 1e-6)
    let wide = MinMaxBounds(minimum: -1, maximum: 3)
    #expect(wide.normalise(1, floor: 0.01) == 0.5)
    #expect(wide.normalise(-2, floor: 0.01) == 0)  // clamped to [0, 1]
    #expect(wide.normalise(5, floor: 0.01) == 1)
    #expect(MinMaxBounds().isEmpty && MinMaxBounds().normalise(7, floor: 0.01) == 0)
  }
}
