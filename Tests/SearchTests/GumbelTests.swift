import Foundation
import Search
import Testing

@Suite struct GumbelTests {
  static func configuration(simulations: Int, considered: Int = 16, horizon: Int = 5) -> SearchConfig {
    var c = SearchConfig.gumbel(GumbelSettings(maxConsideredActions: considered))
    c.simulations = simulations
    c.valuePrefixHorizon = horizon
    return c
  }

  // MARK: Sequential Halving's schedule

  @Test func theScheduleMatchesHandComputedCases() {
    #expect(SequentialHalving.consideredVisits(maxConsidered: 1, simulations: 5) == [0, 1, 2, 3, 4])
    #expect(SequentialHalving.consideredVisits(maxConsidered: 0, simulations: 3) == [0, 1, 2])
    // m = 2: one phase of n / 2 rounds over both actions.
    #expect(SequentialHalving.consideredVisits(maxConsidered: 2, simulations: 4) == [0, 0, 1, 1])
    #expect(SequentialHalving.consideredVisits(maxConsidered: 2, simulations: 5) == [0, 0, 1, 1, 2])
    // m = 4, n = 8: a round over 4 actions (8 / (2 * 4) = 1), then 2 rounds over 2 (8 / (2 * 2)).
    #expect(SequentialHalving.consideredVisits(maxConsidered: 4, simulations: 8) == [0, 0, 0, 0, 1, 1, 2, 2])
    // m = 16, n = 16: the first round alone takes the budget.
    #expect(SequentialHalving.consideredVisits(maxConsidered: 16, simulations: 16) == Array(repeating: 0, count: 16))
    // m = 16, n = 50: 16 x 0, 8 x 1, then 3 rounds over 4 (50 / 16), then 6 over 2 (50 / 8), cut at 50.
    let fifty = SequentialHalving.consideredVisits(maxConsidered: 16, simulations: 50)
    let expected =
      Array(repeating: 0, count: 16) + Array(repeating: 1, count: 8)
      + [2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4] + (5...11).flatMap { [$0, $0] }
    #expect(fifty == expected)
  }

  /// Every entry of every schedule can be served: some considered action has exactly that many visits
  /// when the actions are visited by the schedule (lowest index first), and no action exceeds the budget.
  @Test(arguments: [1, 2, 4, 16])
  func everyScheduleCanBeFollowed(considered m: Int) {
    for n in 2...200 {
      let schedule = SequentialHalving.consideredVisits(maxConsidered: m, simulations: n)
      #expect(schedule.count == n)
      var visits = [Int](repeating: 0, count: max(m, 1))
      for (k, target) in schedule.enumerated() {
        guard let a = visits.firstIndex(of: target) else {
          Issue.record("m \(m), n \(n): no action has \(target) visits at simulation \(k)")
          break
        }
        visits[a] += 1
      }
      #expect(visits.reduce(0, +) == n)
    }
  }

  // MARK: Hand-computed searches

  /// One simulation, two actions: the Gumbel draw decides the visit; the improved policy is the softmax of
  /// the logits plus σ of the completed Q values, computed here by hand.
  @Test func oneSimulationByHand() {
    struct OneStep: SearchModel {
      mutating func recurrent(_ leaves: LeafBatch, into evaluations: inout LeafEvaluations) {
        evaluations.valuePrefixes[0] = 1  // r = 1 (the root resets the prefix)
        evaluations.values[0] = 2
        evaluations.policyLogits[0] = 0
        evaluations.policyLogits[1] = 0
      }
    }
    var configuration = Self.configuration(simulations: 1)
    configuration.discount = 0.5
    let roots = SearchRoots(count: 1, actionCount: 2, policyLogits: [0, 0], values: [0.5], gumbel: [0, 1])
    var model = OneStep()
    var search = BatchedSearch()
    let output = search.run(roots: roots, model: &model, configuration: configuration, seed: 0)
    // Every completed Q is the root's value before any visit, so the draws alone choose: action 1.
    #expect(output.visitCounts == [0, 1])
    #expect(output.actions == [1])
    // Q(1) = 1 + 0.5 * 2 = 2; mixed value = (0.5 + 1 * 2) / 2 = 1.25 completes Q(0); rescaled: [0, 1];
    // σ = (50 + 1) * 0.1 * [0, 1]; policy = softmax([0, 5.1]).
    let p1 = Float(exp(5.1) / (1 + exp(5.1)))
    #expect(abs(output.policyTargets[1] - p1) < 1e-6)
    #expect(abs(output.policyTargets[0] - (1 - p1)) < 1e-6)
    #expect(output.policy == output.policyTargets)
    // The root's mean value counts the network's value as its first visit, as mctx: (0.5 + 2) / 2.
    #expect(output.rootValues == [1.25])
  }

  /// Four simulations, m = 2: Sequential Halving visits the two best-scored actions twice each, and the
  /// winner is the better of them by g + logit + σ(Q), not the most likely under the prior.
  @Test func sequentialHalvingPicksTheBetterOfTheConsideredActions() {
    struct Fixed: SearchModel {
      mutating func recurrent(_ leaves: LeafBatch, into evaluations: inout LeafEvaluations) {
        // Action 0 leads to reward 0, action 1 to reward 1, action 2 to reward 5; values 0; flat logits.
        let firstAction = leaves.depths[0] == 1 ? leaves.actions[0] : -1
        evaluations.valuePrefixes[0] = firstAction == 1 ? 1 : (firstAction == 2 ? 5 : 0)
        evaluations.values[0] = 0
        for a in 0..<3 { evaluations.policyLogits[a] = 0 }
      }
    }
    var configuration = Self.configuration(simulations: 4, considered: 2, horizon: 1)
    configuration.discount = 1
    // The prior prefers action 0; the draws make actions 0 and 1 the considered pair (action 2 never).
    let roots = SearchRoots(count: 1, actionCount: 3, policyLogits: [2, 1, 0], values: [0], gumbel: [0.5, 0.4, -5])
    var model = Fixed()
    var search = BatchedSearch()
    let output = search.run(roots: roots, model: &model, configuration: configuration, seed: 0)
    #expect(Array(output.visitCounts) == [2, 2, 0])
    // Both have two visits; σ(Q(1)) = 5.2 outweighs action 0's lead of 1.1 in g + logit.
    #expect(output.actions == [1])
  }

  /// Two actions, one visit each, Q = [0, 0.001]: the node's own bounds stretch the spread of 0.001 to σ = [0, 5.1];
  /// Eq. 10's tree bounds with floor 0.01 keep it at a tenth of the scale, σ = [0, 0.51].
  @Test(arguments: [(QNormalisation.mctx, Float(5.1)), (.efficientZero, 0.51)])
  func treeBoundsKeepASmallSpreadSmall(qNormalisation: QNormalisation, sigma: Float) {
    struct TinyReward: SearchModel {
      mutating func recurrent(_ leaves: LeafBatch, into evaluations: inout LeafEvaluations) {
        evaluations.valuePrefixes[0] = leaves.actions[0] == 1 ? 0.001 : 0
        evaluations.values[0] = 0
        evaluations.policyLogits[0] = 0
        evaluations.policyLogits[1] = 0
      }
    }
    var configuration = Self.configuration(simulations: 2, considered: 2)
    configuration.discount = 1
    configuration.qNormalisation = qNormalisation
    let roots = SearchRoots(count: 1, actionCount: 2, policyLogits: [0, 0], values: [0], gumbel: [0, 0])
    var model = TinyReward()
    var search = BatchedSearch()
    let output = search.run(roots: roots, model: &model, configuration: configuration, seed: 0)
    #expect(output.visitCounts == [1, 1])
    // σ = (50 + max N = 1) * 0.1 * normalised Q; policy = softmax([0, σ(Q(1))]).
    let p1 = Float(exp(Double(sigma)) / (1 + exp(Double(sigma))))
    #expect(abs(output.policyTargets[1] - p1) < 1e-5)
    #expect(abs(output.policyTargets[0] - (1 - p1)) < 1e-5)
    #expect(output.actions == [1])
  }

  // MARK: Against the slow reference

  @Test(arguments: [(2, 1, 1), (3, 4, 2), (5, 8, 4), (18, 16, 16), (6, 50, 16), (4, 30, 3), (9, 24, 1)])
  func theBatchedSearchEqualsTheReference(actions: Int, simulations: Int, considered: Int) {
    for seed in UInt64(0)..<12 {
      for qBounds in [QBounds.node, .wholeTree] {
        checkAgainstTheReference(
          actions: actions, simulations: simulations, considered: considered, seed: seed, qBounds: qBounds)
      }
    }
  }

  private func checkAgainstTheReference(
    actions: Int, simulations: Int, considered: Int, seed: UInt64, qBounds: QBounds
  ) {
    do {
      let roots = 3
      let horizon = [1, 3, 5][Int(seed % 3)]
      var configuration = Self.configuration(simulations: simulations, considered: considered, horizon: horizon)
      configuration.discount = seed % 2 == 0 ? SearchConfig.atariDiscount : 0.8
      // Tree bounds: both of Eq. 10's floors matter (0.01 is below some seeds' spreads and above others').
      configuration.qNormalisation =
        qBounds == .node ? .mctx : QNormalisation(bounds: qBounds, floor: seed % 2 == 0 ? 0.01 : 0.5)
      let predictions = HashedPredictions(
        seed: seed &* 7 &+ UInt64(actions), actionCount: actions, horizon: horizon,
        valueScale: [1, 30, 0.01][Int(seed % 3)], rewardScale: [0.5, 3, 0.001][Int(seed % 3)])
      var random = SearchRandom(seed: seed, stream: 99)
      let gumbel = (0..<roots * actions).map { _ in seed % 4 == 3 ? 0 : random.gumbel() }
      let legal: [Bool]? =
        seed % 3 == 1
        ? (0..<roots * actions).map { $0 % actions == 0 || random.below(3) > 0 } : nil
      var model = HashedModel(predictions: predictions, rootCount: roots, simulations: simulations)
      let values = (0..<roots).map { predictions.value(predictions.rootHash($0)) }
      var rootSet = model.roots
      rootSet.values = values
      rootSet.gumbel = gumbel
      rootSet.legalActions = legal
      var search = BatchedSearch()
      let output = search.run(roots: rootSet, model: &model, configuration: configuration, seed: seed)
      #expect(model.slotViolations == 0)
      for r in 0..<roots {
        let reference = GumbelReferenceSearch(
          configuration: configuration, actionCount: actions,
          evaluate: { predictions.evaluate(root: r, path: $0) })
        let row = r * actions..<(r + 1) * actions
        let expected = reference.run(
          rootLogits: predictions.rootLogits(r), rootValue: values[r], legal: legal.map { Array($0[row]) },
          gumbel: Array(gumbel[row]))
        let context = Comment(
          rawValue: "seed \(seed) A=\(actions) N=\(simulations) m=\(considered) root \(r) bounds \(qBounds)")
        #expect(Array(output.visitCounts(root: r)) == expected.visits, context)
        #expect(output.actions[r] == expected.action, context)
        #expect(Array(output.policyTargets(root: r)) == expected.policy, context)
        #expect(output.rootValues[r] == expected.rootValue, context)
        if let legal {
          for a in 0..<actions where !legal[r * actions + a] {
            #expect(output.visitCounts[r * actions + a] == 0 && output.policyTargets[r * actions + a] == 0, context)
          }
        }
      }
    }
  }

  // MARK: Randomness

  /// With root noise on and no draws given, the draws come from each root's stream: the same seed gives the
  /// same search, another seed (almost surely) another choice somewhere; without noise the draws are zeros.
  @Test func drawsComeFromTheSeedAndOnlyWithRootNoise() {
    let actions = 6, roots = 16, simulations = 8
    let predictions = HashedPredictions(seed: 5, actionCount: actions, horizon: 5, valueScale: 1, rewardScale: 0.5)
    func run(seed: UInt64, noise: Bool, draws: [Float]? = nil) -> SearchOutput {
      var configuration = Self.configuration(simulations: simulations, considered: 4)
      configuration.gumbelSettings.drawsGumbel = noise
      var model = HashedModel(predictions: predictions, rootCount: roots, simulations: simulations)
      var rootSet = model.roots
      rootSet.values = (0..<roots).map { predictions.value(predictions.rootHash($0)) }
      rootSet.gumbel = draws
      var search = BatchedSearch()
      return search.run(roots: rootSet, model: &model, configuration: configuration, seed: seed)
    }
    let a = run(seed: 1, noise: true), b = run(seed: 1, noise: true)
    #expect(a.visitCounts == b.visitCounts && a.actions == b.actions && a.policyTargets == b.policyTargets)
    let c = run(seed: 2, noise: true)
    #expect(a.visitCounts != c.visitCounts || a.actions != c.actions)
    let quiet = run(seed: 1, noise: false)
    let zeros = run(seed: 9, noise: true, draws: Array(repeating: 0, count: roots * actions))
    #expect(quiet.visitCounts == zeros.visitCounts && quiet.actions == zeros.actions)
  }

  @Test func gumbelDrawsHaveTheGumbelMeanAndVariance() {
    var random = SearchRandom(seed: 3)
    let n = 200_000
    var sum = 0.0, squares = 0.0
    for _ in 0..<n {
      let g = Double(random.gumbel())
      sum += g
      squares += g * g
    }
    let mean = sum / Double(n)
    let variance = squares / Double(n) - mean * mean
    // Euler–Mascheroni constant and π² / 6; standard errors ~0.003 and ~0.01.
    #expect(abs(mean - 0.577_215_66) < 0.015)
    #expect(abs(variance - Double.pi * Double.pi / 6) < 0.05)
  }
}
