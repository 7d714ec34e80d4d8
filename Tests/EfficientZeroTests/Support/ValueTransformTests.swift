import Testing
import Torch
@testable import EfficientZero

@Suite struct ValueTransformTests {
  @Test func hAndItsInverseRoundTrip() {
    for x in [0.0, 1e-4, -1e-4, 0.5, -0.5, 1, -1, 3.7, -42, 300, -1234.5, 1e5, -1e5] {
      let back = ValueTransform.hInverse(ValueTransform.h(x))
      #expect(abs(back - x) <= 1e-9 * max(1, abs(x)), "\(x) -> \(back)")
    }
    // Hand values: h(3) = sqrt(4) - 1 + 0.003 = 1.003; h(-8) = -(3 - 1) - 0.008.
    #expect(abs(ValueTransform.h(3) - 1.003) < 1e-12)
    #expect(abs(ValueTransform.h(-8) - -2.008) < 1e-12)
    #expect(ValueTransform.h(0) == 0)
  }

  @Test func twoHotThenExpectationGivesTheScalarBack() throws {
    let t = ValueTransform(supportSize: 300)
    let values: [Float] = [0, 1, -1, 0.37, -5.5, 17, 250.25, -1000]
    let phi = try t.twoHot(values)
    #expect(phi.shape == [values.count, 601])
    let rows = try phi.toArray(Float.self)
    for (i, v) in values.enumerated() {
      let row = rows[(i * 601)..<((i + 1) * 601)]
      #expect(abs(row.reduce(0, +) - 1) < 1e-6)
      #expect(row.filter { $0 > 0 }.count <= 2)
      // Expectation over the support, then h^-1.
      var e = 0.0
      for (j, p) in row.enumerated() { e += Double(p) * Double(j - 300) }
      #expect(abs(ValueTransform.hInverse(e) - Double(v)) < 1e-3 * max(1, abs(Double(v))), "\(v)")
    }
    // h(1) = sqrt(2) - 1 + 0.001 = 0.41521...: mass 0.585 at 0, 0.415 at +1.
    let one = Array(rows[601..<1202])
    #expect(abs(one[300] - Float(1 - (2.0.squareRoot() - 1 + 0.001))) < 1e-6)
    #expect(abs(one[301] - Float(2.0.squareRoot() - 1 + 0.001)) < 1e-6)
  }

  @Test func logitsOfATwoHotDistributionDecodeToTheScalar() throws {
    let t = ValueTransform(supportSize: 300)
    let values: [Float] = [0, 2.5, -7, 120]
    let logits = try t.twoHot(values).clamp(min: 1e-12).log()
    let decoded = try t.scalars(fromLogits: logits)
    for (a, b) in zip(decoded, values) { #expect(abs(a - b) < 1e-2 * max(1, abs(b))) }
  }

  @Test func targetsBeyondTheSupportAreClamped() throws {
    let t = ValueTransform(supportSize: 5)
    let row = try t.twoHot([1e6]).toArray(Float.self)
    #expect(row[10] == 1)
  }
}
