import Foundation
import TestKinds
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `ezero experiment run` as a user runs it: a sweep trained, killed in the middle of a run,
/// continued, skipped when finished, and reported.
@Suite(.serialized, .tags(.integration)) struct ExperimentCLITests {
  static let file = """
    question: Does the runner train, skip and resume?
    preset: tiny-cartpole
    seeds: [0, 1]
    settings: {threads: 1, checkpoint_interval: 20, log_interval: 20}
    variants:
      - name: full
      - name: no-consistency
        settings: {consistency_loss_coefficient: 0}
    budget: {training_steps: 200}
    evaluation: {every: 40, episodes: 2}
    """

  static let variants = [
    "full": "  - name: full\n",
    "no-consistency": "  - name: no-consistency\n    settings: {consistency_loss_coefficient: 0}\n",
  ]

  /// `killed`, a run of `file`'s `variant` at seed 0 that was killed and continued, ended as the same
  /// run uninterrupted (a sweep of that run alone, on this machine): the same losses and evaluation.
  static func expectSameAsUninterrupted(_ killed: URL, variant: String, in dir: URL) throws {
    var single = file.replacingOccurrences(of: "seeds: [0, 1]", with: "seeds: [0]")
    for (name, text) in variants where name != variant { single = single.replacingOccurrences(of: text, with: "") }
    let singleFile = dir.appendingPathComponent("single.yaml")
    try single.write(to: singleFile, atomically: true, encoding: .utf8)
    let straight = dir.appendingPathComponent("straight")
    let reference = try CLITests.run(["experiment", "run", singleFile.path, "--output", straight.path], in: dir, name: "straight")
    #expect(reference.status == 0, "\(reference.output)")
    let resumed = try outcome(killed)
    let uninterrupted = try outcome(straight.appendingPathComponent("cartpole/\(variant)/seed0"))
    #expect(resumed.losses.keys.contains(200) && resumed.losses == uninterrupted.losses)
    #expect(!resumed.returns.isEmpty && resumed.returns == uninterrupted.returns)
  }

  /// The final evaluation's returns and loss/total by step of one run.
  static func outcome(_ run: URL) throws -> (returns: [Double], losses: [Int: String]) {
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: run.appendingPathComponent("evaluation.json"))) as? [String: Any]
    return ((json?["returns"] as? [Double]) ?? [], try CLITests.losses(run))
  }

  @Test func aSweepTrainsSkipsAndResumesAKilledRunToTheUninterruptedResult() throws {
    let dir = try CLITests.runDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("tiny.yaml")
    try Self.file.write(to: file, atomically: true, encoding: .utf8)
    let out = dir.appendingPathComponent("out")
    let command = ["experiment", "run", file.path, "--output", out.path]

    // First call: the first run is killed (SIGKILL to its own process) after a checkpoint; the others go on.
    let victim = out.appendingPathComponent("cartpole/full/seed0")
    let sweep = try CLITests.start(command, logsIn: dir, name: "first")
    try CLITests.waitForCheckpoint(victim, atLeast: 40, process: sweep)
    let killer = Process()
    killer.executableURL = URL(fileURLWithPath: "/usr/bin/pkill")
    killer.arguments = ["-KILL", "-f", "run-dir \(victim.path) "]
    try killer.run()
    killer.waitUntilExit()
    #expect(killer.terminationStatus == 0, "no process of the run to kill")
    try CLITests.waitForExit(sweep, timeout: 300)
    let first = (try? String(contentsOf: dir.appendingPathComponent("first.out"), encoding: .utf8)) ?? ""
    #expect(sweep.terminationStatus == 1, "\(first)")
    #expect(first.contains("cartpole / full / seed 0: failed (exit 137)"), "\(first)")
    #expect(first.contains("cartpole / no-consistency / seed 1: final evaluation"), "\(first)")
    #expect(first.contains("cartpole / full / seed 0\n"), "the report lists the missing run: \(first)")
    let killedAt = try #require(CLITests.checkpointStep(victim))
    #expect(killedAt < 200)

    // Second call: the three finished runs are skipped, the killed one continues from its checkpoint.
    let second = try CLITests.run(command, in: dir, name: "second")
    #expect(second.status == 0, "\(second.output)")
    #expect(second.output.contains("cartpole / full / seed 1: finished") && second.output.contains("skipped"), "\(second.output)")
    #expect(second.output.components(separatedBy: "started").count == 2, "only the killed run starts: \(second.output)")
    let log = try String(contentsOf: victim.appendingPathComponent("train.log"), encoding: .utf8)
    #expect(log.contains("at training step \(killedAt)"), "\(log)")

    // Third call: nothing left to train.
    let third = try CLITests.run(command, in: dir, name: "third")
    #expect(third.status == 0 && !third.output.contains("started"), "\(third.output)")

    try Self.expectSameAsUninterrupted(victim, variant: "full", in: dir)

    // The report: both variants over both seeds, the random policy, a chart with both variants.
    let report = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
    let rows = report.split(separator: "\n").filter { $0.hasPrefix("| full") || $0.hasPrefix("| no-consistency") }
    #expect(rows.count == 2 && rows.allSatisfy { $0.contains("(2 of 2)") }, "\(report)")
    #expect(report.contains("random policy") && !report.contains("Missing runs"), "\(report)")
    let svg = try String(contentsOf: out.appendingPathComponent("cartpole.svg"), encoding: .utf8)
    #expect(svg.contains("full (2 seeds)") && svg.contains("no-consistency (2 seeds)") && svg.contains("random policy"))
  }

  /// Bad experiment files are refused before anything runs, with the reason and exit code 64.
  @Test func badExperimentFilesAreRefusedBeforeAnyRun() throws {
    let dir = try CLITests.runDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let cases: [(String, String)] = [
      (Self.file.replacingOccurrences(of: "consistency_loss_coefficient: 0", with: "consistensy: 0"), "unknown config key 'consistensy'"),
      (Self.file.replacingOccurrences(of: "seeds: [0, 1]", with: "seeds: [0, 0]"), "a seed appears twice"),
      (Self.file.replacingOccurrences(of: "budget:", with: "budjet:"), "unknown field 'budjet'"),
      (Self.file.replacingOccurrences(of: "episodes: 2", with: "episodes: 0"), "evaluation.episodes must be >= 1"),
      ("preset: no-such\nseeds: [0]\n", "unknown preset 'no-such'"),
      ("seeds: [0\n", "not valid YAML"),
    ]
    for (index, (text, message)) in cases.enumerated() {
      let file = dir.appendingPathComponent("bad\(index).yaml")
      try text.write(to: file, atomically: true, encoding: .utf8)
      let out = dir.appendingPathComponent("out\(index)")
      let result = try CLITests.run(["experiment", "run", file.path, "--output", out.path], in: dir, name: "bad\(index)")
      #expect(result.status == 64 && result.output.contains(message), "\(message): \(result.status) \(result.output)")
      #expect(!FileManager.default.fileExists(atPath: out.path), "nothing is written for a refused file")
    }
    let missing = try CLITests.run(["experiment", "run", dir.appendingPathComponent("none.yaml").path], in: dir, name: "missing")
    #expect(missing.status == 64 && missing.output.contains("cannot read experiment file"), "\(missing.output)")
  }
}
