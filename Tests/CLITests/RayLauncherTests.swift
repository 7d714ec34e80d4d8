import Foundation
import TestKinds
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `ezero experiment run --launcher ray` against a real one-machine Ray cluster on loopback, started
/// and stopped by the test (scripts/ray-local.sh; Ray from `make ray`).
@Suite(.serialized, .tags(.integration, .slow), .notInFastRuns) struct RayLauncherTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  static let script = root.appendingPathComponent("scripts/ray-local.sh").path

  /// A port nothing listens on now.
  static func freePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
    }
    guard bound else { throw CLITests.CLIError("no free port") }
    return Int(UInt16(bigEndian: address.sin_port))
  }

  /// Runs a program to its end; its status and output.
  @discardableResult
  static func shell(_ path: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  /// Local addresses of the listening TCP sockets.
  static func listeners() throws -> Set<String> {
    Set(try shell("/usr/bin/ss", ["-ltnH"]).output.split(separator: "\n").compactMap { line in
      let fields = line.split(separator: " ", omittingEmptySubsequences: true)
      return fields.count >= 4 ? String(fields[3]) : nil
    })
  }

  static func rayProcesses() throws -> String {
    try shell("/usr/bin/pgrep", ["-af", "raylet|gcs_server|dashboard.py"]).output
  }

  @Test(.timeLimit(.minutes(20))) func aSweepOnRayRetriesAKilledJobToTheUninterruptedResult() throws {
    let deps = ProcessInfo.processInfo.environment["EZERO_DEPS"] ?? NSHomeDirectory() + "/.cache/ezero-deps"
    try #require(FileManager.default.isExecutableFile(atPath: deps + "/ray/bin/ray"), "Ray is not installed: run make ray")
    let dir = try CLITests.runDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let before = try Self.listeners()
    let dashboard = try Self.freePort()
    // Ray's socket paths must stay under 108 bytes: a short folder of its own.
    let rayTemp = "/tmp/ezray-\(UUID().uuidString.prefix(8))"
    defer { try? FileManager.default.removeItem(atPath: rayTemp) }
    let started = try Self.shell(
      Self.script,
      ["start", "--temp-dir", rayTemp, "--port", "\(try Self.freePort())", "--dashboard-port", "\(dashboard)",
       "--num-cpus", "2"])
    defer {
      _ = try? Self.shell(Self.script, ["stop"])
      #expect((try? Self.rayProcesses()) == "", "Ray processes left behind")
    }
    try #require(started.status == 0, "\(started.output)")
    let address = "http://127.0.0.1:\(dashboard)"
    #expect(started.output.contains(address))
    let opened = try Self.listeners().subtracting(before)
    let loopback = ["127.", "[::ffff:127.", "[::1]:"]
    #expect(
      !opened.isEmpty && opened.allSatisfy { address in loopback.contains { address.hasPrefix($0) } },
      "Ray listens beyond loopback: \(opened.sorted())")

    let file = dir.appendingPathComponent("tiny.yaml")
    try ExperimentCLITests.file.write(to: file, atomically: true, encoding: .utf8)
    let out = dir.appendingPathComponent("out")
    let command = ["experiment", "run", file.path, "--output", out.path, "--launcher", "ray", "--ray-address", address, "--max-retries", "2"]

    // One job's ezero is killed (SIGKILL) after a checkpoint: Ray reports the job failed, the launcher
    // submits it again and it continues from its checkpoint.
    let victim = out.appendingPathComponent("cartpole/no-consistency/seed0")
    let sweep = try CLITests.start(command, logsIn: dir, name: "first")
    try CLITests.waitForCheckpoint(victim, atLeast: 40, process: sweep, timeout: 600)
    let killed = try Self.shell("/usr/bin/pkill", ["-KILL", "-f", "run-dir \(victim.path) "])
    #expect(killed.status == 0, "no process of the run to kill")
    try CLITests.waitForExit(sweep, timeout: 900)
    let first = (try? String(contentsOf: dir.appendingPathComponent("first.out"), encoding: .utf8)) ?? ""
    #expect(sweep.terminationStatus == 0, "\(first)")
    #expect(first.contains("cartpole / no-consistency / seed 0: try 2, continuing from its checkpoint (FAILED"), "\(first)")
    let report = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
    let rows = report.split(separator: "\n").filter { $0.hasPrefix("| full") || $0.hasPrefix("| no-consistency") }
    #expect(rows.count == 2 && rows.allSatisfy { $0.contains("(2 of 2)") }, "\(report)")
    let log = try String(contentsOf: victim.appendingPathComponent("train.log"), encoding: .utf8)
    #expect(log.contains("resumed from"), "\(log)")

    try ExperimentCLITests.expectSameAsUninterrupted(victim, variant: "no-consistency", in: dir)

    // A second call finds everything finished.
    let second = try CLITests.run(command, in: dir, name: "second")
    #expect(second.status == 0 && !second.output.contains("started") && second.output.contains("skipped"), "\(second.output)")

    // An output folder the nodes cannot see (a file system mounted only in this command's own mount
    // namespace): the clear error, nothing submitted.
    let jobsBefore = try Self.shell("/usr/bin/curl", ["-s", "\(address)/api/jobs/"]).output.components(separatedBy: "\"submission_id\"").count
    let hidden = dir.appendingPathComponent("hidden")
    try FileManager.default.createDirectory(at: hidden, withIntermediateDirectories: true)
    let ezero = try CLITests.executable().path
    let private_ = try Self.shell(
      "/usr/bin/unshare",
      ["--mount", "/bin/sh", "-c",
       "mount -t tmpfs none '\(hidden.path)' && exec '\(ezero)' experiment run '\(file.path)' --output '\(hidden.path)/out' "
         + "--launcher ray --ray-address \(address)"])
    #expect(private_.status == 69 && private_.output.contains("is not shared storage"), "\(private_.output)")
    let jobsAfter = try Self.shell("/usr/bin/curl", ["-s", "\(address)/api/jobs/"]).output.components(separatedBy: "\"submission_id\"").count
    #expect(jobsAfter == jobsBefore + 1, "only the probe job was submitted")
    #expect(!private_.output.contains("started"))

    // An address where no cluster answers.
    let nowhere = try CLITests.run(
      ["experiment", "run", file.path, "--output", dir.appendingPathComponent("nowhere").path, "--launcher", "ray",
       "--ray-address", "http://127.0.0.1:\(try Self.freePort())"], in: dir, name: "nowhere")
    #expect(nowhere.status == 69 && nowhere.output.contains("cannot reach Ray"), "\(nowhere.output)")
  }
}
