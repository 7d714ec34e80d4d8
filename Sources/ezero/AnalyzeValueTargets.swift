import ArgumentParser
import EfficientZero
import Environments
import Foundation
import Metrics
import Torch

/// `ezero analyze value-targets`: Tables 4 and 5 of the paper on a run's own replay.
struct AnalyzeValueTargets: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "value-targets",
    abstract: "Error of value targets with and without the off-policy correction, by data age (Tables 4-5).",
    discussion: """
      Reads the checkpoint's replay, puts its episodes back together from their segments, and groups the
      stored positions by the training step at which they were collected (--stages groups). For up to
      --positions positions per group it makes the value targets as the learner would at the checkpoint's
      step, with the target network: with the off-policy correction (Eq. 12: the horizon shrinks with the
      data's age, bootstrapped from a fresh search's root value) and without it (the fixed n-step target
      bootstrapped from the network's value), and compares both with the discounted return of the rest
      of the episode (L1, and the mean signed error: bias), at the position itself and at its unrolled next states. Positions whose
      return is not known (the episode's end is not stored) are left out.

      Example:
        ezero analyze value-targets runs/breakout-1 --stages 3 --positions 256

      \(ExitStatus.table)
      """)

  @OptionGroup var analyzed: AnalyzedRun
  @Option(help: "Groups of collection time, equal widths over the run's training steps.")
  var stages = 3
  @Option(help: "Positions drawn per group at most.")
  var positions = 256
  @Option(help: "Write the table as CSV to this file.")
  var output: String?

  func validate() throws {
    guard stages >= 1, positions >= 1 else { throw ValidationError("--stages and --positions must be >= 1") }
  }

  func run() throws {
    let trained = try analyzed.load(fileName: "target_model.pt")
    guard trained.trainingStep >= 1 else { throw ConfigError("the checkpoint is from before training started") }
    _ = try CheckpointDirectory.verify(trained.folder, only: ["replay.bin"])
    let table = try trained.environment.dispatch(
      trained.config, ValueTargetRun(trained: trained, stages: stages, positions: positions))
    func cell(_ x: Double?) -> String { x.map { String(format: "%.3f", $0) } ?? "-" }
    var rows = [
      ["collected at step", "positions", "L1 with", "L1 without", "bias with", "bias without", "unrolled with", "unrolled without (n)"]
    ]
    var csv =
      "first_step,end_step,positions,current_with,current_without,bias_with,bias_without,unrolled_with,unrolled_without,unrolled_positions\n"
    for r in table.rows {
      let some = r.positions > 0
      rows.append([
        "\(r.firstStep)..<\(r.endStep)", "\(r.positions)", cell(some ? r.currentWith : nil), cell(some ? r.currentWithout : nil),
        cell(some ? r.biasWith : nil), cell(some ? r.biasWithout : nil), cell(r.unrolledWith),
        "\(cell(r.unrolledWithout)) (\(r.unrolledPositions))",
      ])
      csv += "\(r.firstStep),\(r.endStep),\(r.positions),\(r.currentWith),\(r.currentWithout),\(r.biasWith),\(r.biasWithout),"
        + "\(r.unrolledWith.map { "\($0)" } ?? ""),\(r.unrolledWithout.map { "\($0)" } ?? ""),\(r.unrolledPositions)\n"
    }
    print("\(trained.config.environment), targets at training step \(trained.trainingStep) (target network); L1 error and bias (mean target - return) against the discounted return")
    print(columns(rows), terminator: "")
    if let output { try Data(csv.utf8).write(to: URL(fileURLWithPath: output), options: .atomic) }
  }
}

/// The analysis for whichever frame type the run's environment has.
struct ValueTargetRun: EnvironmentVisitor {
  let trained: TrainedModel
  let stages: Int
  let positions: Int

  func visit<Env: Environment>(
    training: @escaping (Int) throws -> Env, evaluation: @escaping (Int) throws -> Env
  ) throws -> ValueTargetErrors where Env.Scalar: TensorElement {
    let config = trained.config
    let segments = try ValueTargetErrors.storedSegments(checkpoint: trained.folder, config: config, as: Env.Scalar.self)
    return try ValueTargetErrors.measure(
      segments: segments, network: trained.network, targets: config.valueTargets, search: config.searchConfiguration,
      now: trained.trainingStep, frameShape: config.network.frameShape, stages: stages, perStage: positions, seed: config.seed)
  }
}
