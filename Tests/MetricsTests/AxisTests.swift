import Testing
@testable import Metrics

@Suite struct AxisTests {
  @Test(arguments: [(0.7, 1.0), (1.3, 2.0), (2.2, 2.5), (3.0, 5.0), (7.0, 10.0), (0.013, 0.02), (180.0, 200.0)])
  func niceSteps(raw: Double, nice: Double) {
    #expect(abs(AxisDomain.niceStep(raw) - nice) < 1e-12)
  }

  @Test func linearDomainCoversDataWithRoundTicks() {
    let domain = AxisDomain.fitting(minimum: 3, maximum: 97, scale: .linear, targetTickCount: 5)
    #expect(domain.lower == 3 && domain.upper == 97)
    #expect(domain.ticks == [20, 40, 60, 80])
    let steps = AxisDomain.fitting(minimum: 0, maximum: 49_900, scale: .linear, targetTickCount: 6)
    #expect(steps.ticks == [0, 10_000, 20_000, 30_000, 40_000])
    let padded = AxisDomain.fitting(minimum: -1, maximum: 1, scale: .linear, targetTickCount: 5, padding: 0.05)
    #expect(padded.lower == -1.1 && padded.upper == 1.1)
    #expect(padded.ticks == [-1, -0.5, 0, 0.5, 1])
  }

  @Test func flatDataGetsRoom() {
    let domain = AxisDomain.fitting(minimum: 5, maximum: 5, scale: .linear, targetTickCount: 5)
    #expect(domain.lower < 5 && domain.upper > 5)
  }

  @Test func logDomainUsesDecades() {
    let domain = AxisDomain.fitting(minimum: 0.003, maximum: 42, scale: .logarithmic, targetTickCount: 5)
    #expect(domain.lower == 0.001 && domain.upper == 100)
    #expect(domain.ticks.count == 6)
  }

  @Test func tickLabels() {
    #expect(NumberFormatting.tickLabels([0, 0.25, 0.5, 0.75]) == ["0", "0.25", "0.5", "0.75"])
    #expect(NumberFormatting.tickLabels([0, 20_000, 40_000]) == ["0", "20k", "40k"])
    #expect(NumberFormatting.tickLabels([0, 2_500, 5_000]) == ["0", "2500", "5000"])
    #expect(NumberFormatting.tickLabels([1_000_000, 1_500_000]) == ["1M", "1.5M"])
    #expect(NumberFormatting.tickLabels([0, 0.0001, 0.0002]) == ["0", "1e-4", "2e-4"])
    #expect(NumberFormatting.tickLabels([-10, -5, 0, 5]) == ["-10", "-5", "0", "5"])
  }

  @Test func compactNumbers() {
    #expect(NumberFormatting.compact(21.3456) == "21.35")
    #expect(NumberFormatting.compact(123_456) == "123.5k")
    #expect(NumberFormatting.compact(-0.000012345) == "-1.235e-5")
    #expect(NumberFormatting.compact(0.5) == "0.5")
    #expect(NumberFormatting.compact(.nan) == "NaN")
    #expect(NumberFormatting.compact(9.99996e5) == "1M")
  }
}
