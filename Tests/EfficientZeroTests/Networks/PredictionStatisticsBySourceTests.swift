import Testing
import Torch
@testable import EfficientZero

/// `prediction_norm: split`: the value and policy heads normalise the representation's latents
/// (search roots, unroll step 0) with statistics of their own in evaluation.
struct PredictionStatisticsBySourceTests {
  /// Training passes on roots and on the dynamics latents that follow them, then evaluation of
  /// the roots: with split statistics the evaluation-mode values equal the training-mode values
  /// (batch statistics) up to the running variance's unbiasing; with pooled statistics they do not.
  static func rootValueGapAfterTraining(_ norm: PredictionNorm) throws -> Float {
    var config = Fixtures.tinyVectorConfig()
    config.predictionNorm = norm
    config.batchNormMomentum = 0.5
    let network = try EfficientZeroNetwork(config, generator: Generator(seed: 4))
    // The heads' last layers start at zero; give them outputs that depend on their inputs.
    for p in network.prediction.parameters() { try p.detached().addInPlace(Tensor.randn(p.shape, generator: Generator(seed: 5)) * 0.5) }
    let roots = try Tensor.randn([64, 8], generator: Generator(seed: 6))
    network.train()
    let trainingValues = try network.transform.scalars(fromLogits: network.initial(roots).valueLogits)
    for _ in 0..<30 {
      let (latent, _, _) = try network.initial(roots)
      _ = try network.recurrent(latent, actions: Tensor.zeros([64], dtype: .int64), rewardState: nil)
    }
    network.eval()
    let evaluationValues = try network.initialInference(roots).values
    // Relative to the values' range; the running variance is the unbiased estimate (a factor 64/63).
    let range = trainingValues.max()! - trainingValues.min()!
    return zip(trainingValues, evaluationValues).map { abs($0 - $1) }.max()! / range
  }

  @Test func splitStatisticsEvaluateRootsAsTrainingDid() throws {
    let split = try Self.rootValueGapAfterTraining(.split)
    let pooled = try Self.rootValueGapAfterTraining(.pooled)
    #expect(split < 0.02, "split: \(split)")
    #expect(pooled > 10 * split, "pooled: \(pooled), split: \(split)")
  }

  /// Split statistics are in the checkpoint (`running_mean_1`, `running_var_1` in the prediction
  /// heads only), and a pooled network's weights do not load into a split one.
  @Test func splitStatisticsAreInTheStateDict() throws {
    var config = Fixtures.tinyImageConfig()
    let pooled = try EfficientZeroNetwork(config)
    config.predictionNorm = .split
    let split = try EfficientZeroNetwork(config)
    let extra = Set(split.stateDict().map(\.name)).subtracting(pooled.stateDict().map(\.name))
    #expect(!extra.isEmpty && extra.allSatisfy { $0.hasPrefix("prediction.") && ($0.hasSuffix("running_mean_1") || $0.hasSuffix("running_var_1")) }, "\(extra)")
    #expect(throws: (any Error).self) { try split.load(stateDict: pooled.stateDict()) }
  }
}
