import ArgumentParser
import EfficientZero
import Environments
import Foundation
import Metrics

/// `ezero games`: every environment `ezero train --game` accepts, with the Atari 100k reference scores.
struct GamesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "games",
    abstract: "List the supported games and tasks, with the random, human and EfficientZero scores of Atari 100k.")

  func run() throws {
    print("Atari 100k (26 games; scores from the paper's Table 1; HNS = (score - random) / (human - random))")
    print(pad("game", 18) + pad("random", 10, right: true) + pad("human", 10, right: true) + pad("EfficientZero", 15, right: true))
    for row in AtariScores.atari100k {
      print(
        pad(row.game.displayName, 18) + pad(format(row.random), 10, right: true) + pad(format(row.human), 10, right: true)
          + pad(format(row.efficientZero), 15, right: true))
    }
    let reference = AtariScores.atari100k.map(\.efficientZero)
    if let summary = try? AtariScores.summary(
      zip(AtariScores.atari100k.map(\.game.romName), reference).map { (game: $0, score: $1) })
    {
      print(String(format: "EfficientZero: mean HNS %.3f, median %.3f", summary.mean, summary.median))
    }
    print("\nDMControl 100k (pixels, Table 2): " + DMControlTask.allCases.map(\.name).joined(separator: ", "))
    print("Classic control: cartpole (CartPole-v1)")
    print("\nOther Atari games with a ROM in the ALE folder also train (the ROM's name, e.g. --game space_invaders).")
  }

  func format(_ x: Double) -> String { String(format: "%.1f", x) }
}

