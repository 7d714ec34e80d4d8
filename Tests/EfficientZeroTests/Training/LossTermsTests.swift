import Testing
@testable import EfficientZero

struct LossTermsTests {
  @Test func namesFollowTheRewardModelAndMeansAverageTermByTerm() {
    let a = LossTerms(reward: 1, policy: 2, value: 3, consistency: -4, total: 5, rewardModel: .valuePrefix)
    #expect(a.named.map(\.name) == ["value_prefix", "policy", "value", "consistency", "total"])
    #expect(a.named.map(\.value) == [1, 2, 3, -4, 5])
    var b = a
    b.rewardModel = .reward
    #expect(b.named[0].name == "reward")
    let mean = (LossTerms.zero(.valuePrefix) + a + a) / 2
    #expect(mean == a)
    #expect(a.firstNonFinite == nil)
    b.value = .nan
    b.total = .infinity
    #expect(b.firstNonFinite?.name == "value")
  }
}
