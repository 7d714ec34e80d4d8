import Foundation

/// The representation-network benchmark in Python PyTorch.
extension PythonReference {
  static func representationNetwork(python: String, threads: Int, repeats: Int, warmup: Int) -> PythonReference {
    PythonReference(python: python, script: "representation_network.py", threads: threads, repeats: repeats, warmup: warmup)
  }

  /// (forward ms, train ms), or nil when Python PyTorch cannot run.
  func representationTimes(batch: Int) -> (forward: Double, train: Double)? {
    guard let n = run(["\(batch)"]), n.count == 2 else { return nil }
    return (n[0], n[1])
  }
}
