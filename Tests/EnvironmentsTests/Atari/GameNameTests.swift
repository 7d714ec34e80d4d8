import Foundation
import Testing

@testable import Environments

@Suite struct GameNameTests {
  let roms = AtariROMs.defaultDirectory()

  @Test(arguments: ["Breakout", "breakout", "ALE/Breakout-v5", "BreakoutNoFrameskip-v4", " BREAKOUT "])
  func breakoutSpellings(_ name: String) throws {
    #expect(try AtariGame.named(name, romDirectory: roms).romName == "breakout")
  }

  @Test func multiWordNamesResolve() throws {
    for name in ["MsPacman", "Ms Pacman", "ALE/MsPacman-v5", "ms_pacman"] {
      #expect(try AtariGame.named(name, romDirectory: roms).romName == "ms_pacman")
    }
    #expect(try AtariGame.named("UpNDown", romDirectory: roms).romName == "up_n_down")
    #expect(try AtariGame.named("ChopperCmd", romDirectory: roms).romName == "chopper_command")
    #expect(try AtariGame.named("Kung Fu Master", romDirectory: roms).romName == "kung_fu_master")
  }

  @Test func anyRomAleSupportsResolves() throws {
    #expect(try AtariGame.named("ALE/Tetris-v5", romDirectory: roms).romName == "tetris")
    #expect(try AtariGame.named("VideoChess", romDirectory: roms).romName == "video_chess")
    #expect(try AtariROMs.available(in: roms).count >= 100)
  }

  @Test func everyBenchmarkGameHasARom() throws {
    let available = Set(try AtariROMs.available(in: roms))
    for game in AtariGame.atari100k { #expect(available.contains(game.romName), "\(game)") }
  }

  @Test func displayNamesFollowGym() {
    #expect(AtariGame(romName: "up_n_down").displayName == "UpNDown")
    #expect(AtariGame(romName: "ms_pacman").displayName == "MsPacman")
  }

  @Test func unknownNameListsCloseMatches() throws {
    do {
      _ = try AtariGame.named("Breakot", romDirectory: roms)
      Issue.record("an unknown game resolved")
    } catch let EnvironmentError.unknownGame(name, matches) {
      #expect(name == "Breakot")
      #expect(matches.first == "Breakout")
      #expect(EnvironmentError.unknownGame(name, closeMatches: matches).description.contains("did you mean Breakout"))
    }
    do {
      _ = try AtariGame.named("Seaquset", among: AtariGame.atari100k)
      Issue.record("an unknown game resolved")
    } catch let EnvironmentError.unknownGame(_, matches) {
      #expect(matches.contains("Seaquest"))
    }
  }

  @Test func missingRomFolderIsAnError() {
    let nowhere = URL(fileURLWithPath: "/nonexistent/roms")
    #expect(throws: EnvironmentError.romDirectoryNotFound(path: nowhere.path)) {
      try AtariGame.named("Breakout", romDirectory: nowhere)
    }
  }

  @Test func romFolderFollowsTheDependencyCache() {
    #expect(AtariROMs.defaultDirectory(environment: ["EZERO_ALE_ROMS": "/r"]).path == "/r")
    #expect(AtariROMs.defaultDirectory(environment: ["EZERO_DEPS": "/d", "HOME": "/h"]).path == "/d/ale/roms")
    #expect(AtariROMs.defaultDirectory(environment: ["HOME": "/h"]).path == "/h/.cache/ezero-deps/ale/roms")
  }
}
