import Foundation
import Testing

@testable import Environments

@Suite struct ScoreTests {
  @Test func efficientZeroRowGivesThePapersMeanAndMedian() throws {
    let scores = AtariScores.atari100k.map { (game: $0.game.romName, score: $0.efficientZero) }
    let summary = try AtariScores.summary(scores)
    #expect(summary.perGame.count == 26)
    #expect((summary.mean * 1000).rounded() / 1000 == 1.943)
    #expect((summary.median * 1000).rounded() / 1000 == 1.090)
  }

  @Test func randomScoresNormaliseToZeroAndHumanToOne() throws {
    for row in AtariScores.atari100k {
      #expect(try AtariScores.humanNormalized(row.random, game: row.game.romName) == 0)
      #expect(abs(try AtariScores.humanNormalized(row.human, game: row.game.romName) - 1) < 1e-12)
    }
  }

  @Test func tableCoversTheTwentySixGamesInOrder() {
    #expect(AtariScores.atari100k.map(\.game) == AtariGame.atari100k)
    #expect(Set(AtariGame.atari100k).count == 26)
  }

  @Test func scoresAcceptThePapersSpellings() throws {
    #expect(try AtariScores.reference(for: "Bank Heist").human == 753.1)
    #expect(try AtariScores.reference(for: "ChopperCmd").random == 811.0)
    #expect(try AtariScores.reference(for: "ALE/UpNDown-v5").efficientZero == 17264.2)
  }

  @Test func medianOfAnEvenCountAveragesTheMiddlePair() throws {
    let summary = try AtariScores.summary([("Pong", -20.7), ("Boxing", 12.1)])
    #expect(summary.median == 0.5)
    #expect(summary.mean == 0.5)
  }

  @Test func gamesOutsideTheBenchmarkHaveNoReference() {
    #expect(throws: EnvironmentError.self) { try AtariScores.reference(for: "Tetris") }
    #expect(throws: EnvironmentError.self) { try AtariScores.summary([]) }
  }
}
