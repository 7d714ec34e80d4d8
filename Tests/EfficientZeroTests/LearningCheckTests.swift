import Environments
import Testing
@testable import EfficientZero

/// The regression guard that the whole algorithm learns: the `cartpole` preset, seeded, must reach a
/// mean evaluation return of at least 200 over 10 episodes (arg-max of visits, no noise).
@Suite struct LearningCheckTests {
  @Test(.timeLimit(.minutes(12)))
  func cartPolePresetLearns() throws {
    var config = Preset.cartpole.config
    config.seed = 0
    config.threads = 1  // fixed, so that the seeded run does the same arithmetic on every machine
    let trainer = try Trainer(
      config: config, makeTrainingEnvironment: { CartPole(seed: UInt64($0)) },
      makeEvaluationEnvironment: { CartPole(seed: UInt64($0)) })
    try trainer.run()
    let returns = try trainer.evaluate(episodes: 10)
    let mean = returns.reduce(0, +) / Double(returns.count)
    print("cartpole learning check: mean evaluation return \(mean) after \(trainer.environmentSteps) environment steps")
    #expect(mean >= 200, "mean evaluation return \(mean) after \(trainer.environmentSteps) environment steps: \(returns)")
  }
}
