/// The EfficientZero training step and recurrent inference written the usual PyTorch way (as in
/// the reference implementation), for `ezero bench learner`.
extension PythonReference {
  static func learner(python: String, threads: Int, repeats: Int, warmup: Int) -> PythonReference {
    PythonReference(python: python, script: "learner.py", threads: threads, repeats: repeats, warmup: warmup)
  }

  /// Median milliseconds of `mode` ("train" or "recurrent"), or nil without Python PyTorch.
  func learnerTime(mode: String, batch: Int) -> Double? {
    run([mode, "\(batch)"], repeats: mode == "recurrent" ? max(repeats, 5) : repeats)?.first
  }
}
