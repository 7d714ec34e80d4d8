import Foundation
import Search
import Testing

/// The search's own exp/log and its random variates.
@Suite struct RandomAndMathTests {
  @Test func logAndExpAgreeWithTheCLibrary() {
    var random = SearchRandom(seed: 1)
    for _ in 0..<20_000 {
      let x = Foundation.exp(random.unitInterval() * 1400 - 700)  // 1e-304 ... 1e304
      #expect(abs(Elementary.log(x) - Foundation.log(x)) <= 4e-16 * max(1, abs(Foundation.log(x))))
      let y = random.unitInterval() * 1400 - 700
      #expect(abs(Elementary.exp(y) - Foundation.exp(y)) <= 4e-16 * Foundation.exp(y))
      let z = Float(random.unitInterval() * 175 - 87)  // the normal range
      #expect(abs(Elementary.exp(z) - Foundation.exp(z)) <= 2.5e-7 * Foundation.exp(z))
    }
    #expect(Elementary.log(1) == 0 && Elementary.exp(0.0) == 1 && Elementary.exp(Float(0)) == 1)
    #expect(Elementary.log(0) == -.infinity && Elementary.log(-1).isNaN)
    #expect(Elementary.exp(Float(-200)) == 0 && Elementary.exp(Float(100)) == .infinity)
    #expect(abs(Elementary.log(Double.leastNonzeroMagnitude) - Foundation.log(Double.leastNonzeroMagnitude)) < 1e-12)
  }

  @Test func streamsAreReproducibleAndDistinct() {
    var a = SearchRandom(seed: 42, stream: 3)
    var b = SearchRandom(seed: 42, stream: 3)
    var c = SearchRandom(seed: 42, stream: 4)
    let first = (0..<8).map { _ in a.next() }
    #expect(first == (0..<8).map { _ in b.next() })
    #expect(first != (0..<8).map { _ in c.next() })
    var counts = [Int](repeating: 0, count: 7)
    for _ in 0..<70_000 { counts[a.below(7)] += 1 }
    #expect(counts.allSatisfy { abs($0 - 10_000) < 400 })
  }

  @Test(arguments: [0.3, 1.0, 2.5])
  func gammaHasTheRightMeanAndVariance(shape: Double) {
    var random = SearchRandom(seed: 7)
    let n = 40_000
    let samples = (0..<n).map { _ in random.gamma(shape: shape) }
    let mean = samples.reduce(0, +) / Double(n)
    let variance = samples.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n - 1)
    #expect(samples.allSatisfy { $0 >= 0 })
    #expect(abs(mean - shape) <= 0.03 * max(1, shape))  // Gamma(k, 1): mean k, variance k
    #expect(abs(variance - shape) <= 0.08 * max(1, shape))
  }

  @Test func dirichletSumsToOneWithTheRightMeans() {
    var random = SearchRandom(seed: 9)
    var sample = [Double](repeating: 0, count: 4)
    var totals = [Double](repeating: 0, count: 4)
    for _ in 0..<20_000 {
      random.dirichlet(alpha: 0.3, into: &sample)
      #expect(abs(sample.reduce(0, +) - 1) <= 1e-12)
      for i in 0..<4 { totals[i] += sample[i] }
    }
    #expect(totals.allSatisfy { abs($0 / 20_000 - 0.25) <= 0.01 })
  }
}
