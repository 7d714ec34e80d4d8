import Testing
@testable import Torch

func floats(_ t: Tensor) throws -> [Float] { try t.toArray(Float.self) }

func expectClose(_ a: [Float], _ b: [Float], tol: Float = 1e-5, sourceLocation: SourceLocation = #_sourceLocation) {
  #expect(a.count == b.count, sourceLocation: sourceLocation)
  for (x, y) in zip(a, b) {
    #expect(abs(x - y) <= tol * max(1, abs(y)), "\(x) vs \(y)", sourceLocation: sourceLocation)
  }
}
