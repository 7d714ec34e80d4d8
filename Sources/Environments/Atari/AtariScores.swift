/// Reference scores of one Atari 100k game, from Table 1 of the EfficientZero paper (Ye et al. 2021).
public struct AtariReferenceScore: Sendable, Hashable {
  public let game: AtariGame
  /// A uniformly random policy.
  public let random: Double
  /// The human tester.
  public let human: Double
  /// EfficientZero's own reported score (3 runs x 32 evaluation seeds).
  public let efficientZero: Double
}

/// Mean and median human-normalised score over a set of games.
public struct HumanNormalizedSummary: Sendable {
  public let mean: Double
  public let median: Double
  /// Per game, in the order the scores were given.
  public let perGame: [(game: AtariGame, score: Double)]
}

/// Score tables and the human-normalised score, (score - random) / (human - random).
public enum AtariScores {
  /// Random, human and EfficientZero scores of the 26 games, in Table 1's order.
  public static let atari100k: [AtariReferenceScore] = [
    row("alien", 227.8, 7127.7, 808.5),
    row("amidar", 5.8, 1719.5, 148.6),
    row("assault", 222.4, 742.0, 1263.1),
    row("asterix", 210.0, 8503.3, 25557.8),
    row("bank_heist", 14.2, 753.1, 351.0),
    row("battle_zone", 2360.0, 37187.5, 13871.2),
    row("boxing", 0.1, 12.1, 52.7),
    row("breakout", 1.7, 30.5, 414.1),
    row("chopper_command", 811.0, 7387.8, 1117.3),
    row("crazy_climber", 10780.5, 35829.4, 83940.2),
    row("demon_attack", 152.1, 1971.0, 13003.9),
    row("freeway", 0.0, 29.6, 21.8),
    row("frostbite", 65.2, 4334.7, 296.3),
    row("gopher", 257.6, 2412.5, 3260.3),
    row("hero", 1027.0, 30826.4, 9315.9),
    row("jamesbond", 29.0, 302.8, 517.0),
    row("kangaroo", 52.0, 3035.0, 724.1),
    row("krull", 1598.0, 2665.5, 5663.3),
    row("kung_fu_master", 258.5, 22736.3, 30944.8),
    row("ms_pacman", 307.3, 6951.6, 1281.2),
    row("pong", -20.7, 14.6, 20.1),
    row("private_eye", 24.9, 69571.3, 96.7),
    row("qbert", 163.9, 13455.0, 13781.9),
    row("road_runner", 11.5, 7845.0, 17751.3),
    row("seaquest", 68.4, 42054.7, 1100.2),
    row("up_n_down", 533.4, 11693.2, 17264.2),
  ]

  private static func row(_ rom: String, _ random: Double, _ human: Double, _ efficientZero: Double)
    -> AtariReferenceScore
  {
    AtariReferenceScore(game: AtariGame(romName: rom), random: random, human: human, efficientZero: efficientZero)
  }

  /// The reference row of a game, by any name `AtariGame.named` accepts.
  public static func reference(for game: String) throws -> AtariReferenceScore {
    let resolved = try AtariGame.named(game, among: AtariGame.atari100k)
    return atari100k.first { $0.game == resolved }!
  }

  /// (score - random) / (human - random) for one game.
  public static func humanNormalized(_ score: Double, game: String) throws -> Double {
    let reference = try reference(for: game)
    return (score - reference.random) / (reference.human - reference.random)
  }

  /// Mean and median human-normalised score over the given (game, raw score) pairs.
  public static func summary(_ scores: [(game: String, score: Double)]) throws -> HumanNormalizedSummary {
    guard !scores.isEmpty else { throw EnvironmentError.invalidBatch("no scores to summarise") }
    let perGame = try scores.map { entry in
      (game: try reference(for: entry.game).game, score: try humanNormalized(entry.score, game: entry.game))
    }
    let sorted = perGame.map(\.score).sorted()
    let middle = sorted.count / 2
    let median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    let mean = sorted.reduce(0, +) / Double(sorted.count)
    return HumanNormalizedSummary(mean: mean, median: median, perGame: perGame)
  }
}
