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
  /// The torch version the figures are compared against (nil: any).
  let expectedTorch: String?
  private(set) var unavailableReason: String?

  init(python: String, script: String, threads: Int, repeats: Int, warmup: Int, expectedTorch: String? = "2.15.0") {
    self.python = python
    self.script = script
    self.threads = threads
    self.repeats = repeats
    self.warmup = warmup
    self.expectedTorch = expectedTorch
    if python.isEmpty { unavailableReason = "skipped (--python '')" }
  }

  /// The file of a script (or other file) in the module's `Python` resources.
  static func resource(_ name: String) -> URL? {
    Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Python")
  }

  /// The numbers the script prints after the torch version, or nil when Python PyTorch cannot run.
  /// Scripts take `leading` arguments, then threads, repeats and warm-up repetitions.
  func run(_ leading: [String], repeats: Int? = nil) -> [Double]? {
    measure(leading, repeats: repeats)?.values
  }

  /// The torch version the script ran on and the numbers it printed after it.
  func measure(_ leading: [String], repeats: Int? = nil) -> (version: String, values: [Double])? {
    let arguments = leading + ["\(threads)", "\(repeats ?? self.repeats)", "\(warmup)"]
    guard unavailableReason == nil else { return nil }
    guard let file = Self.resource(script) else {
      unavailableReason = "the benchmark script \(script) is missing from the build"
      return nil
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [python, file.path] + arguments
    let out = Pipe()
    process.standardOutput = out
    // Warnings go to a file: an unread pipe would fill up and stop the script.
    let log = FileManager.default.temporaryDirectory.appendingPathComponent("ezero-bench-\(script).log")
    _ = FileManager.default.createFile(atPath: log.path, contents: nil)
    process.standardError = (try? FileHandle(forWritingTo: log)) ?? FileHandle.nullDevice
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
      unavailableReason = "\(python) could not run \(script) (no PyTorch there? `pip install torch==2.15.0` to compare; see \(log.path))"
      return nil
    }
    if let expectedTorch, fields[0] != expectedTorch {
      unavailableReason = "python side is torch \(fields[0]), not \(expectedTorch): compare with care"
    }
    return (String(fields[0]), numbers)
  }
}
