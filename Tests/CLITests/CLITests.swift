import Foundation
import TestKinds
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The `ezero` executable as a user runs it: interrupted, killed, resumed, given bad input.
@Suite(.serialized, .tags(.integration)) struct CLITests {
  /// The `ezero` to run: $EZERO_BINARY when set, else the one in this test bundle's folder (the
  /// build's products folder, where `swift build --build-tests` puts both).
  static func executable() throws -> URL {
    if let path = ProcessInfo.processInfo.environment["EZERO_BINARY"] {
      guard FileManager.default.isExecutableFile(atPath: path) else { throw CLIError("EZERO_BINARY=\(path) is not an executable") }
      return URL(fileURLWithPath: path)
    }
    let testBundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    let found = testBundle.deletingLastPathComponent().appendingPathComponent("ezero")
    guard FileManager.default.isExecutableFile(atPath: found.path) else {
      throw CLIError("ezero not found at \(found.path); build it first (make test does) or set EZERO_BINARY")
    }
    return found
  }

  struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
  }

  static func runDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("ezero-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// Starts ezero with `arguments`; standard output and error go to files in `directory`.
  static func start(_ arguments: [String], logsIn directory: URL, name: String) throws -> Process {
    let process = Process()
    process.executableURL = try executable()
    process.arguments = arguments
    let out = directory.appendingPathComponent("\(name).out")
    _ = FileManager.default.createFile(atPath: out.path, contents: nil)
    let handle = try FileHandle(forWritingTo: out)
    process.standardOutput = handle
    process.standardError = handle
    try process.run()
    return process
  }

  /// Runs ezero to the end; returns its exit status and combined output.
  static func run(_ arguments: [String], in directory: URL, name: String = "run", timeout: Double = 300) throws -> (
    status: Int32, output: String
  ) {
    let process = try start(arguments, logsIn: directory, name: name)
    try waitForExit(process, timeout: timeout)
    let output = (try? String(contentsOf: directory.appendingPathComponent("\(name).out"), encoding: .utf8)) ?? ""
    return (process.terminationStatus, output)
  }

  static func waitForExit(_ process: Process, timeout: Double) throws {
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning {
      if Date() > deadline {
        process.terminate()
        throw CLIError("ezero did not finish within \(timeout) s")
      }
      usleep(50_000)
    }
  }

  /// The training step of the run's complete checkpoint, if any.
  static func checkpointStep(_ run: URL) -> Int? {
    for name in ["checkpoint", "checkpoint.previous"] {
      let url = run.appendingPathComponent(name).appendingPathComponent("manifest.json")
      if let data = try? Data(contentsOf: url),
        let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let step = json["trainingStep"] as? Int
      {
        return step
      }
    }
    return nil
  }

  static func waitForCheckpoint(_ run: URL, atLeast step: Int, process: Process, timeout: Double = 120) throws {
    let deadline = Date().addingTimeInterval(timeout)
    while (checkpointStep(run) ?? -1) < step {
      guard process.isRunning else { throw CLIError("ezero exited (\(process.terminationStatus)) before its checkpoint") }
      guard Date() < deadline else { throw CLIError("no checkpoint at step \(step) within \(timeout) s") }
      usleep(50_000)
    }
  }

  static let tinyRun = [
    "train", "--preset", "tiny-cartpole", "--set", "training_steps=300", "--set", "checkpoint_interval=20",
    "--set", "log_interval=20", "--threads", "1",
  ]

  /// docs/keys.md is the keys' declaration as `--help-keys --markdown` prints it: regenerate it when a key changes.
  @Test func theKeysPageIsTheKeysDeclaration() throws {
    let dir = try Self.runDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let result = try Self.run(["train", "--preset", "atari100k", "--help-keys", "--markdown"], in: dir, name: "keys")
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let page = try String(contentsOf: root.appendingPathComponent("docs/keys.md"), encoding: .utf8)
    #expect(result.status == 0)
    #expect(result.output == page, "docs/keys.md is stale: ezero train --preset atari100k --help-keys --markdown > docs/keys.md")
  }

  @Test func aKilledRunResumesFromItsLastCheckpointAndFinishes() throws {
    let dir = try Self.runDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let run = dir.appendingPathComponent("run")
    let process = try Self.start(Self.tinyRun + ["--run-dir", run.path], logsIn: dir, name: "first")
    try Self.waitForCheckpoint(run, atLeast: 60, process: process)
    kill(process.processIdentifier, SIGKILL)
    try Self.waitForExit(process, timeout: 30)
    let killedAt = try #require(Self.checkpointStep(run))
    #expect(killedAt < 300)

    // Without --resume the run directory is protected.
    let refused = try Self.run(Self.tinyRun + ["--run-dir", run.path], in: dir, name: "refused")
    #expect(refused.status == 64 && refused.output.contains("--resume"))

    let resumed = try Self.run(["train", "--resume", "--run-dir", run.path], in: dir, name: "resumed")
    #expect(resumed.status == 0, "\(resumed.output)")
    #expect(resumed.output.contains("resuming") && resumed.output.contains("at training step \(killedAt)"))
    #expect(Self.checkpointStep(run) == 300)
    let evaluation = try JSONSerialization.jsonObject(
      with: Data(contentsOf: run.appendingPathComponent("evaluation.json"))) as? [String: Any]
    #expect(evaluation?["trainingStep"] as? Int == 300)
    // The scalars of both processes are in one log, and they are the uninterrupted run's: the
    // checkpoint kept the games in progress too.
    let straight = dir.appendingPathComponent("straight")
    let reference = try Self.run(Self.tinyRun + ["--run-dir", straight.path], in: dir, name: "straight")
    #expect(reference.status == 0)
    let resumedLosses = try Self.losses(run)
    #expect(resumedLosses.keys.contains(20) && resumedLosses.keys.contains(300))
    #expect(resumedLosses == (try Self.losses(straight)))
  }

  /// loss/total by step from a run's scalars.csv (the later row where a step was logged twice).
  static func losses(_ run: URL) throws -> [Int: String] {
    let csv = try String(contentsOf: run.appendingPathComponent("scalars.csv"), encoding: .utf8)
    var out: [Int: String] = [:]
    for line in csv.split(separator: "\n") {
      let fields = line.split(separator: ",")
      if fields.count >= 3, fields[1] == "loss/total", let step = Int(fields[0]) { out[step] = String(fields[2]) }
    }
    return out
  }

  @Test func ctrlCFinishesTheStepWritesACheckpointAndExitsZero() throws {
    let dir = try Self.runDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let run = dir.appendingPathComponent("run")
    let long = ["train", "--preset", "tiny-cartpole", "--set", "training_steps=1000000", "--set", "checkpoint_interval=20",
      "--threads", "1", "--run-dir", run.path]
    let process = try Self.start(long, logsIn: dir, name: "interrupted")
    try Self.waitForCheckpoint(run, atLeast: 40, process: process)
    kill(process.processIdentifier, SIGINT)
    try Self.waitForExit(process, timeout: 60)
    let output = try String(contentsOf: dir.appendingPathComponent("interrupted.out"), encoding: .utf8)
    #expect(process.terminationStatus == 0, "\(output)")
    let step = try #require(Self.checkpointStep(run))
    #expect(step >= 40 && output.contains("stopped at training step \(step)"))
    #expect(!output.contains("evaluation over"), "a stopped run is not evaluated")
  }

  /// Two Atari runs whose scores are exactly the human (Breakout) and random (Pong) references.
  @Test func reportTabulatesHumanNormalisedScoresAndDrawsCurves() throws {
    let dir = try Self.runDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    for (name, game, mean) in [("breakout-seed0", "Breakout", 30.5), ("pong-seed0", "ALE/Pong-v5", -20.7)] {
      let run = dir.appendingPathComponent(name)
      try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
      var csv = "step,tag,value,wall_time\n"
      for step in stride(from: 100, through: 500, by: 100) {
        csv += "\(step),progress/env_steps,\(step * 2),0\n\(step),train/episode_return,\(Double(step) / 50),0\n"
        csv += "\(step),loss/total,\(10.0 / Double(step)),0\n\(step),train/lr,0.2,0\n"
      }
      try csv.write(to: run.appendingPathComponent("scalars.csv"), atomically: true, encoding: .utf8)
      let evaluation: [String: Any] = [
        "environment": game, "trainingStep": 500, "environmentSteps": 1000, "seedOffset": 0, "returns": [mean, mean],
        "mean": mean, "std": 0.0,
      ]
      try JSONSerialization.data(withJSONObject: evaluation).write(to: run.appendingPathComponent("evaluation.json"))
    }
    let out = dir.appendingPathComponent("report")
    let result = try Self.run(
      ["report", dir.appendingPathComponent("breakout-seed0").path, dir.appendingPathComponent("pong-seed0").path,
        "--output", out.path], in: dir, name: "report")
    #expect(result.status == 0, "\(result.output)")
    #expect(result.output.contains("| Breakout | 1.7 | 30.5 | 414.1 | 30.5 | 1.000 | 1 |"), "\(result.output)")
    #expect(result.output.contains("| Pong | -20.7 | 14.6 | 20.1 | -20.7 | 0.000 | 1 |"))
    #expect(result.output.contains("| **Mean HNS** | 0.000 | 1.000 |") && result.output.contains("| 0.500 | | |"))
    for file in ["breakout-seed0/return.svg", "pong-seed0/losses.svg", "report.md"] {
      #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(file).path), "\(file)")
    }
    let svg = try String(contentsOf: out.appendingPathComponent("breakout-seed0/return.svg"), encoding: .utf8)
    #expect(svg.hasPrefix("<svg") || svg.hasPrefix("<?xml"))
  }

  @Test func badInputGivesItsExitCode() throws {
    let dir = try Self.runDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let run = dir.appendingPathComponent("run")
    let cases: [([String], Int32, String)] = [
      (["train", "--preset", "nope"], 64, "unknown preset 'nope'"),
      (["train", "--preset", "tiny-cartpole", "--set", "batch_size=0"], 64, "batch_size must be >= 1"),
      (["train", "--preset", "tiny-cartpole", "--set", "bach_size=3"], 64, "did you mean batch_size"),
      (["train", "--preset", "tiny-cartpole", "--set", "zzzz=3"], 64, "`ezero train --help-keys` lists them"),
      (["train", "--preset", "tiny-cartpole", "--set", "q_bounds=sometimes"], 64, "q_bounds must be algorithm or whole_tree"),
      (["train", "--game", "Brekout"], 64, "unknown Atari game 'Brekout'"),
      (["train", "--resume", "--run-dir", run.path], 66, "holds no checkpoint"),
      (["eval", "--run-dir", run.path], 66, "holds no checkpoint"),
      (["analyze", "prediction", run.path], 66, "holds no checkpoint"),
      (["devices", "--check", "tpu"], 64, "unknown device 'tpu'"),
    ]
    for (arguments, status, message) in cases {
      let result = try Self.run(arguments, in: dir, name: "bad")
      #expect(result.status == status && result.output.contains(message), "\(arguments): \(result.status) \(result.output)")
    }
    // The message's pointer exists: every key with the preset's value and its meaning.
    let keys = try Self.run(["train", "--preset", "atari-cpu", "--help-keys"], in: dir, name: "keys")
    #expect(keys.status == 0)
    let observationLine = keys.output.split(separator: "\n").first { $0.hasPrefix("observation_size ") }
    #expect(observationLine?.contains("64") == true && observationLine?.contains("side of square image") == true, "\(keys.output)")
    // A damaged checkpoint: resume and eval refuse it, and it stays as it was.
    let trained = try Self.run(Self.tinyRun + ["--set", "training_steps=20", "--run-dir", run.path], in: dir, name: "train")
    #expect(trained.status == 0, "\(trained.output)")
    // `eval --search` changes the search for one evaluation, and nothing else.
    let searched = try Self.run(
      ["eval", "--run-dir", run.path, "--episodes", "1", "--max-steps", "20", "--search", "simulations=8", "--search", "search_algorithm=gumbel"],
      in: dir, name: "searched")
    #expect(searched.status == 0 && searched.output.contains("search changed: simulations=8, search_algorithm=gumbel"), "\(searched.output)")
    for (change, message) in [
      ("batch_size=3", "'batch_size' is not a search setting"), ("simulations=0", "simulations"), ("simulations", "expects key=value"),
    ] {
      let refused = try Self.run(["eval", "--run-dir", run.path, "--search", change], in: dir, name: "refused")
      #expect(refused.status == 64 && refused.output.contains(message), "\(change): \(refused.status) \(refused.output)")
    }
    let model = run.appendingPathComponent("checkpoint/model.pt")
    var bytes = try Data(contentsOf: model)
    bytes[bytes.count - 100] ^= 1
    try bytes.write(to: model)
    for arguments in [["train", "--resume", "--run-dir", run.path], ["eval", "--run-dir", run.path]] {
      let result = try Self.run(arguments, in: dir, name: "damaged")
      #expect(result.status == 65 && result.output.contains("model.pt"), "\(arguments): \(result.output)")
    }
    #expect(try Data(contentsOf: model) == bytes)
  }

  /// `train --stop-at-step` ends a run as finished at that step (its schedules still run to
  /// training_steps) and evaluates the network it stopped with.
  @Test func aRunStopsAsFinishedAtTheStepItIsGiven() throws {
    let dir = try Self.runDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let run = dir.appendingPathComponent("run")
    let result = try Self.run(Self.tinyRun + ["--stop-at-step", "40", "--run-dir", run.path], in: dir, name: "stop")
    #expect(result.status == 0, "\(result.output)")
    let evaluation = try JSONSerialization.jsonObject(
      with: Data(contentsOf: run.appendingPathComponent("evaluation.json"))) as? [String: Any]
    #expect(evaluation?["trainingStep"] as? Int == 40)
    #expect(Self.checkpointStep(run) == 40)
    let config = try String(contentsOf: run.appendingPathComponent("config.yaml"), encoding: .utf8)
    #expect(config.contains("training_steps: 300"), "the schedules keep the run's length")
    let refused = try Self.run(Self.tinyRun + ["--stop-at-step", "0", "--run-dir", dir.appendingPathComponent("r2").path], in: dir, name: "zero")
    #expect(refused.status == 64 && refused.output.contains("stop step must be >= 1"), "\(refused.output)")
  }

  /// `ezero devices --check` with the CPU as the device: every check passes and says so.
  @Test func devicesCheckPassesWithTheCPUAsTheDevice() throws {
    let dir = try Self.runDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let result = try Self.run(["devices", "--check", "cpu"], in: dir, name: "devices")
    #expect(result.status == 0, "\(result.output)")
    let verdicts = result.output.split(separator: "\n").filter { $0.contains(": ok") }
    #expect(verdicts.count == 3, "\(result.output)")
  }

  /// What a user looks at after a run: frames as PNG, the first episode as a GIF, and the prediction
  /// errors along the unroll, on a tiny Atari run.
  @Test(.tags(.slow), .notInFastRuns) func framesGifAndPredictionAnalysisOfATinyAtariRun() throws {
    let dir = try Self.runDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let run = dir.appendingPathComponent("run")
    let trained = try Self.run(["train", "--preset", "tiny-atari", "--threads", "1", "--run-dir", run.path], in: dir, name: "train")
    #expect(trained.status == 0, "\(trained.output)")
    let frames = dir.appendingPathComponent("frames")
    let gif = dir.appendingPathComponent("episode.gif")
    let evaluated = try Self.run(
      ["eval", "--run-dir", run.path, "--episodes", "1", "--max-steps", "30", "--frames", frames.path, "--gif", gif.path], in: dir, name: "eval")
    #expect(evaluated.status == 0, "\(evaluated.output)")
    let first = try Data(contentsOf: frames.appendingPathComponent("episode-000/step-00000.png"))
    #expect(Array(first.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    let steps = try FileManager.default.contentsOfDirectory(atPath: frames.appendingPathComponent("episode-000").path).count
    let animation = try Data(contentsOf: gif)
    #expect(String(decoding: animation.prefix(6), as: UTF8.self) == "GIF89a" && animation.last == 0x3B)
    // The 96-pixel frames are drawn at 2x in the GIF.
    #expect(animation[6] == 192 && animation[7] == 0)
    #expect(steps == 31, "the reset observation and one per move")

    let analysis = dir.appendingPathComponent("analysis")
    let analyzed = try Self.run(
      ["analyze", "prediction", run.path, "--episodes", "1", "--max-steps", "40", "--output", analysis.path, "--threads", "1"],
      in: dir, name: "analyze")
    #expect(analyzed.status == 0, "\(analyzed.output)")
    let csv = try String(contentsOf: analysis.appendingPathComponent("prediction.csv"), encoding: .utf8)
    let lines = csv.split(separator: "\n")
    #expect(lines.count == 7 && lines[0].hasPrefix("unroll_step,positions,reward_error"), "\(csv)")
    #expect(lines[1].hasPrefix("0,") && lines[6].hasPrefix("5,"))
    #expect(analyzed.output.contains("value prefix error"))
    let svg = try String(contentsOf: analysis.appendingPathComponent("prediction.svg"), encoding: .utf8)
    #expect(svg.contains("<svg"))

    let decoded = try Self.run(
      ["analyze", "decoder", run.path, "--episodes", "1", "--held-out", "1", "--max-steps", "20", "--steps", "3",
       "--output", analysis.path, "--threads", "1"], in: dir, name: "decoder")
    #expect(decoded.status == 0, "\(decoded.output)")
    let errors = try String(contentsOf: analysis.appendingPathComponent("decoder.csv"), encoding: .utf8).split(separator: "\n")
    #expect(errors.count == 7 && errors[0] == "unroll_step,reconstruction_mse", "\(errors)")
    let grid = try Data(contentsOf: analysis.appendingPathComponent("decoder.png"))
    #expect(Array(grid.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
    // 6 rows (k = 0 ... 5) of 192-pixel cells with 4-pixel gaps.
    #expect(Int(grid[20]) << 24 | Int(grid[21]) << 16 | Int(grid[22]) << 8 | Int(grid[23]) == 6 * 192 + 5 * 4)
  }

  /// A sweep of two variants trains each into its own directory, tabulates them, and a second call
  /// skips what is finished and trains only what is new.
  @Test func ablationSweepTabulatesVariantsAndResumes() throws {
    let dir = try Self.runDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("sweep")
    let base = ["ablate", "--preset", "tiny-cartpole", "--seeds", "0", "--steps", "20", "--every", "10", "--threads", "1", "--output", out.path]
    let first = try Self.run(base + ["--variants", "full"], in: dir, name: "first")
    #expect(first.status == 0, "\(first.output)")
    let second = try Self.run(base + ["--variants", "full,no-consistency"], in: dir, name: "second")
    #expect(second.status == 0, "\(second.output)")
    #expect(second.output.contains("cartpole / full / seed 0: finished") && second.output.contains("skipped"))
    #expect(second.output.contains("cartpole / no-consistency / seed 0: started"))
    let report = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
    let rows = report.split(separator: "\n").filter { $0.hasPrefix("| full") || $0.hasPrefix("| no-consistency") }
    #expect(rows.count == 2 && rows.allSatisfy { $0.contains("(1 of 1)") }, "\(report)")
    let config = try String(contentsOf: out.appendingPathComponent("cartpole/no-consistency/seed0/config.yaml"), encoding: .utf8)
    #expect(config.contains("consistency_loss_coefficient: 0.0") && config.contains("training_steps: 20"), "\(config)")
    let svg = try String(contentsOf: out.appendingPathComponent("cartpole.svg"), encoding: .utf8)
    #expect(svg.contains("no-consistency"))
    let unknown = try Self.run(base + ["--variants", "full,no-such"], in: dir, name: "unknown")
    #expect(unknown.status == 64 && unknown.output.contains("unknown ablation 'no-such'"), "\(unknown.output)")
    let unevaluated = try Self.run(base + ["--set", "evaluation_episodes=0"], in: dir, name: "unevaluated")
    #expect(unevaluated.status == 64 && unevaluated.output.contains("evaluation_episodes must be >= 1"), "\(unevaluated.output)")
  }
}

extension CLITests {
  /// A second `ezero train` on a run directory that a first one is training is refused (exit 64)
  /// and leaves the first one's files alone.
  @Test func aRunDirectoryIsTrainedByOneProcessAtATime() throws {
    let dir = try Self.runDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let run = dir.appendingPathComponent("run")
    let first = try Self.start(Self.tinyRun + ["--run-dir", run.path], logsIn: dir, name: "first")
    try Self.waitForCheckpoint(run, atLeast: 20, process: first)
    for arguments in [["train", "--resume", "--run-dir", run.path], Self.tinyRun + ["--run-dir", run.path, "--resume-existing"]] {
      let second = try Self.run(arguments, in: dir, name: "second")
      #expect(second.status == 64 && second.output.contains("is being trained by another process (pid \(first.processIdentifier))"), "\(second.output)")
    }
    try Self.waitForExit(first, timeout: 300)
    #expect(first.terminationStatus == 0)
    let resumedAfter = try Self.run(["train", "--resume", "--run-dir", run.path], in: dir, name: "after")
    #expect(resumedAfter.status == 0, "\(resumedAfter.output)")
  }
}
