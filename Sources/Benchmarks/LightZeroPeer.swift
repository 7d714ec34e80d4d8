import Foundation

/// LightZero 0.2.0's EfficientZero as a peer of `ezero bench pipeline --peer lightzero`: a virtual
/// environment under the dependency cache (every package pinned in `Python/lightzero-requirements.txt`,
/// installed by `Python/lightzero-install.sh` on first use) and a script that times its training
/// iteration as we time ours (`Python/lightzero_pipeline.py`).
struct LightZeroPeer {
  let reference: PythonReference

  /// One measurement: seconds per phase, the torch version it ran on and its peak memory.
  struct Measurement {
    var figures: BenchPipeline.Figures
    var torchVersion: String
    var peakGigabytes: Double
  }

  /// Installs the peer where it is missing (idempotent) and returns it.
  static func prepare(threads: Int, repeats: Int, warmup: Int) throws -> LightZeroPeer {
    let deps = ProcessInfo.processInfo.environment["EZERO_DEPS"]
      ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/ezero-deps").path
    guard let installer = PythonReference.resource("lightzero-install.sh") else {
      throw PeerError("lightzero-install.sh is missing from the build")
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = [installer.path]
    process.environment = ProcessInfo.processInfo.environment.merging(["EZERO_DEPS": deps]) { $1 }
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw PeerError("installing LightZero 0.2.0 failed (see the lines above)") }
    let python = "\(deps)/peers/lightzero-0.2.0/bin/python"
    return LightZeroPeer(
      reference: PythonReference(
        python: python, script: "lightzero_pipeline.py", threads: threads, repeats: repeats, warmup: warmup,
        expectedTorch: nil))
  }

  var unavailableReason: String? { reference.unavailableReason }

  /// LightZero's iteration on `game` (batch, simulations, root value as given), or nil when it failed.
  func measure(game: String, batch: Int, simulations: Int, rootValue: Bool) -> Measurement? {
    guard let numbers = reference.measure([game, "\(batch)", "\(simulations)", rootValue ? "1" : "0"]),
      numbers.values.count == 4
    else { return nil }
    let n = numbers.values
    return Measurement(
      figures: BenchPipeline.Figures(selfPlay: n[0], reanalyze: n[1], learner: n[2]), torchVersion: numbers.version,
      peakGigabytes: n[3])
  }
}

struct PeerError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
