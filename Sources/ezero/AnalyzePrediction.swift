import ArgumentParser
import EfficientZero
import Environments
import Foundation
import Metrics
import Torch

/// `ezero analyze prediction`: Fig. 5's quantities on fresh episodes of the run's game.
struct AnalyzePrediction: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "prediction",
    abstract: "Value-prefix (or reward) and value errors along the unroll, on fresh episodes.",
    discussion: """
      Plays --episodes episodes of the run's environment (training settings: clipped rewards) with the
      evaluation search, then unrolls the model from every position t with the actions taken and compares,
      for k = 1 ... unroll, the predicted value prefix (per-step reward for reward_model=reward) with the true
      one, and for k = 0 ... unroll the predicted value with the discounted return of the rest of the episode.
      The columns where the true value prefix is negative / positive give the mean prediction there: a
      model that gets the sign of rewards wrong shows it at once. Writes prediction.csv and prediction.svg
      into --output and prints the table.

      Example:
        ezero analyze prediction runs/breakout-1 --episodes 4 --output analysis/breakout-1

      \(ExitStatus.table)
      """)

  @OptionGroup var analyzed: AnalyzedRun
  @Option(help: "Episodes to play.")
  var episodes = 4
  @Option(help: "Episode i starts from seed offset + i (use seeds the run never trained on).")
  var seedOffset: UInt64 = 1_000_000
  @Option(help: "Moves per episode at most.")
  var maxSteps = 3000
  @Option(help: "Unroll steps (default: the run's unroll_steps).")
  var unroll: Int?
  @Option(help: "Folder for prediction.csv and prediction.svg.")
  var output = "analysis"

  func validate() throws {
    guard episodes >= 1, maxSteps >= 1 else { throw ValidationError("--episodes and --max-steps must be >= 1") }
    if let unroll, unroll < 1 { throw ValidationError("--unroll must be >= 1") }
  }

  func run() throws {
    let trained = try analyzed.load()
    let config = trained.config
    let (errors, actions) = try trained.environment.dispatch(
      config,
      PredictionRun(
        network: trained.network, config: config, episodes: episodes, seedOffset: seedOffset, maxSteps: maxSteps,
        unroll: unroll ?? config.unrollSteps))
    let out = URL(fileURLWithPath: output)
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    try Data(errors.csv.utf8).write(to: out.appendingPathComponent("prediction.csv"), options: .atomic)
    let rewardName = config.network.rewardModel == .reward ? "reward" : "value prefix"
    try LineChart(
      title: "Prediction error along the unroll (\(config.environment), step \(trained.trainingStep))",
      xLabel: "unroll step k", yLabel: "mean absolute error",
      series: [
        (rewardName, errors.rows.compactMap { r in r.rewardError.map { (Double(r.unrollStep), $0) } }),
        ("value", errors.rows.compactMap { r in r.valueError.map { (Double(r.unrollStep), $0) } }),
      ]
    ).write(to: out.appendingPathComponent("prediction.svg"))
    print("\(config.environment), training step \(trained.trainingStep), \(episodes) episodes from seed \(seedOffset)")
    print(Self.table(errors, rewardName: rewardName), terminator: "")
    let shares = actions.sorted { $0.share > $1.share }.prefix(5).map { "\($0.name) \(String(format: "%.0f", 100 * $0.share))%" }
    print("actions taken (most frequent): " + shares.joined(separator: ", "))
    print("written: \(out.appendingPathComponent("prediction.csv").path), \(out.appendingPathComponent("prediction.svg").path)")
  }

  static func table(_ errors: PredictionErrors, rewardName: String) -> String {
    func cell(_ x: Double?) -> String { x.map { String(format: "%.3f", $0) } ?? "-" }
    var rows = [["k", "positions", "\(rewardName) error", "mean pred / true", "mean pred | true<0 (n)", "mean pred | true>0 (n)", "value error (n)", "mean value / return"]]
    for r in errors.rows {
      rows.append([
        "\(r.unrollStep)", "\(r.positions)", cell(r.rewardError),
        r.meanRewardPrediction == nil ? "-" : "\(cell(r.meanRewardPrediction)) / \(cell(r.meanRewardTruth))",
        "\(cell(r.meanPredictionWhereNegative)) (\(r.negativeCount))",
        "\(cell(r.meanPredictionWherePositive)) (\(r.positiveCount))", "\(cell(r.valueError)) (\(r.valuePositions))",
        "\(cell(r.meanValue)) / \(cell(r.meanReturn))",
      ])
    }
    return columns(rows)
  }
}

/// Plays the episodes in the run's training environment and measures the errors.
struct PredictionRun: EnvironmentVisitor {
  let network: EfficientZeroNetwork
  let config: TrainingConfig
  let episodes: Int
  let seedOffset: UInt64
  let maxSteps: Int
  let unroll: Int

  func visit<Env: Environment>(
    training: @escaping (Int) throws -> Env, evaluation: @escaping (Int) throws -> Env
  ) throws -> (PredictionErrors, [(name: String, share: Double)]) where Env.Scalar: TensorElement {
    let played = try RecordedEpisode<Env.Scalar>.play(
      network: network, search: config.searchConfiguration, episodes: episodes, seedOffset: seedOffset, maxSteps: maxSteps,
      makeEnvironment: training)
    let names = try training(0).actionSpace.names
    let shares = RecordedEpisode.actionShares(played, actionCount: names.count)
    let errors = try PredictionErrors.measure(
      network: network, episodes: played, unrollSteps: unroll, lstmHorizon: config.lstmHorizon,
      perStepRewards: config.network.rewardModel == .reward, discount: config.discount)
    return (errors, zip(names, shares).map { ($0, $1) })
  }
}
