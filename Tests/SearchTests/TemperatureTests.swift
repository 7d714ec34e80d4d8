import Search
import Testing

/// Eq. 11's visit-count policy and the action chosen from it.
@Suite struct TemperatureTests {
  @Test func temperatureOneIsTheVisitShare() {
    #expect(VisitPolicy.distribution(visitCounts: [1, 3, 6], temperature: 1) == [0.1, 0.3, 0.6])
  }

  @Test func temperatureQuarterRaisesCountsToTheFourth() {
    // 1^4, 3^4, 6^4 = 1, 81, 1296; total 1378.
    let policy = VisitPolicy.distribution(visitCounts: [1, 3, 6], temperature: 0.25)
    for (p, expected) in zip(policy, [1.0 / 1378, 81.0 / 1378, 1296.0 / 1378]) {
      #expect(abs(Double(p) - expected) <= 1e-6)
    }
  }

  @Test func temperatureZeroIsTheArgMax() {
    #expect(VisitPolicy.distribution(visitCounts: [1, 3, 6], temperature: 0) == [0, 0, 1])
    #expect(VisitPolicy.distribution(visitCounts: [5, 2, 5], temperature: 0) == [0.5, 0, 0.5])
    var random = SearchRandom(seed: 3)
    #expect(VisitPolicy.chooseAction(visitCounts: [1, 3, 6], temperature: 0, random: &random) == 2)
    var seen = Set<Int>()
    for _ in 0..<200 {
      seen.insert(VisitPolicy.chooseAction(visitCounts: [5, 2, 5, 0], temperature: 0, random: &random))
    }
    #expect(seen == [0, 2])  // ties broken at random, never a non-maximal action
  }

  @Test func samplingFollowsThePolicy() {
    var random = SearchRandom(seed: 11)
    var frequency = [0, 0, 0, 0]
    let draws = 40_000
    for _ in 0..<draws {
      frequency[VisitPolicy.chooseAction(visitCounts: [1, 3, 6, 0], temperature: 1, random: &random)] += 1
    }
    #expect(frequency[3] == 0)
    for (count, p) in zip(frequency, [0.1, 0.3, 0.6]) {
      #expect(abs(Double(count) / Double(draws) - p) <= 0.01)
    }
  }

  @Test func searchOutputUsesTheConfiguredTemperature() {
    for temperature: Float in [0, 0.25, 1] {
      let predictions = HashedPredictions(seed: 5, actionCount: 6, horizon: 5, valueScale: 1, rewardScale: 0.5)
      var model = HashedModel(predictions: predictions, rootCount: 4, simulations: 30)
      var configuration = SearchConfig()
      configuration.simulations = 30
      configuration.puctSettings.temperature = temperature
      var search = BatchedSearch()
      let output = search.run(roots: model.roots, model: &model, configuration: configuration, seed: 9)
      for root in 0..<4 {
        let counts = Array(output.visitCounts(root: root))
        #expect(counts.reduce(0, +) == 30)
        #expect(Array(output.policy(root: root)) == VisitPolicy.distribution(visitCounts: counts, temperature: temperature))
        #expect(counts[output.actions[root]] > 0)
        if temperature == 0 { #expect(counts[output.actions[root]] == counts.max()) }
      }
    }
  }
}
