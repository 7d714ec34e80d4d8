import Foundation

/// Runs a benchmark script in Python PyTorch (`Python/*.py` beside this file), when one is installed,
/// so that Swift and Python are timed in one run. Only benchmarks use Python; nothing else does.
final class PythonReference {
  let python: String
  /// The script's file name in the module's `Python` resources.
  let script: String
  let threads: Int
  let repeats: Int
  let warmup: Int
  private(set) var unavailableReason: String?

  init(python: String, script: String, threads: Int, repeats: Int, warmup: Int) {
    self.python = python
    self.script = script
    self.threads = threads
    self.repeats = repeats
    self.warmup = warmup
    if python.isEmpty { unavailableReason = "skipped (--python '')" }
  }

  /// The numbers the script prints after the torch version, or nil when Python PyTorch cannot run.
  /// Scripts take `leading` arguments, then threads, repeats and warm-up repetitions.
  func run(_ leading: [String], repeats: Int? = nil) -> [Double]? {
    let arguments = leading + ["\(threads)", "\(repeats ?? self.repeats)", "\(warmup)"]
    guard unavailableReason == nil else { return nil }
    guard let file = Bundle.module.url(forResource: script, withExtension: nil, subdirectory: "Python") else {
      unavailableReason = "the benchmark script \(script) is missing from the build"
      return nil
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [python, file.path] + arguments
    let out = Pipe()
    process.standardOutput = out
    process.standardError = Pipe()
    do { try process.run() } catch {
      unavailableReason = "cannot start \(python): \(error)"
      return nil
    }
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    let fields = text.split(separator: " ")
    let numbers = fields.dropFirst().compactMap { Double($0) }
    guard process.terminationStatus == 0, fields.count >= 2, numbers.count == fields.count - 1 else {
      unavailableReason = "no PyTorch for \(python) (optional; `pip install torch==2.15.0` to compare)"
      return nil
    }
    if fields[0] != "2.15.0" { unavailableReason = "python side is torch \(fields[0]), not 2.15.0: compare with care" }
    return numbers
  }
}
