import Foundation
import Search
import Testing

/// The Gumbel search against golden outputs of mctx's own `gumbel_muzero_policy`, written by
/// `scripts/golden/make-mctx-gumbel-fixture.py` with the hashed stand-in model (value-prefix horizon 1, so a
/// prefix is the step's reward) and mctx's Gumbel draws, which the fixture carries and the test feeds in.
/// Visit counts and chosen actions are identical, improved policies and root values within 1e-5.
@Suite struct MctxGumbelGoldenTests {
  struct Case: Decodable {
    var seed: UInt64
    var roots: Int
    var actions: Int
    var simulations: Int
    var considered: Int
    var discount: Float
    var value_scale: Float
    var reward_scale: Float
    var legal: [[Int]]?
    var gumbel: [[Float]]
    var visits: [[Int]]
    var actions_chosen: [Int]
    var policy: [[Float]]
    var root_value: [Float]
  }

  static func cases() throws -> [Case] {
    let url = try #require(Bundle.module.url(forResource: "mctx_gumbel", withExtension: "json", subdirectory: "Resources"))
    return try JSONDecoder().decode([Case].self, from: Data(contentsOf: url))
  }

  @Test func theSearchReproducesMctx() throws {
    let cases = try Self.cases()
    #expect(cases.count == 54)
    for c in cases {
      var configuration = SearchConfig.gumbel()
      configuration.simulations = c.simulations
      configuration.gumbelSettings.maxConsideredActions = c.considered
      configuration.discount = c.discount
      configuration.valuePrefixHorizon = 1
      let predictions = HashedPredictions(
        seed: c.seed, actionCount: c.actions, horizon: 1, valueScale: c.value_scale, rewardScale: c.reward_scale)
      var model = HashedModel(predictions: predictions, rootCount: c.roots, simulations: c.simulations)
      var roots = model.roots
      roots.values = (0..<c.roots).map { predictions.value(predictions.rootHash($0)) }
      roots.gumbel = c.gumbel.flatMap { $0 }
      roots.legalActions = c.legal.map { $0.flatMap { $0.map { $0 == 1 } } }
      var search = BatchedSearch()
      let output = search.run(roots: roots, model: &model, configuration: configuration, seed: 0)
      let context = Comment(rawValue: "seed \(c.seed) A=\(c.actions) N=\(c.simulations) m=\(c.considered)")
      for r in 0..<c.roots {
        #expect(Array(output.visitCounts(root: r)) == c.visits[r], context)
        #expect(output.actions[r] == c.actions_chosen[r], context)
        for (mine, theirs) in zip(output.policyTargets(root: r), c.policy[r]) {
          #expect(abs(mine - theirs) <= 1e-5, "\(context) root \(r): policy \(Array(output.policyTargets(root: r))) vs \(c.policy[r])")
        }
        // The root value counts the network's value as the first visit (mctx), not a value of 0.
        #expect(
          abs(output.rootValues[r] - c.root_value[r]) <= 1e-5 * max(1, abs(c.root_value[r])),
          "\(context) root \(r): root value \(output.rootValues[r]) vs \(c.root_value[r])")
      }
    }
  }
}
