import Foundation

/// An Atari 2600 game, named by its ALE ROM (e.g. `ms_pacman`).
public struct AtariGame: Sendable, Hashable, CustomStringConvertible {
  /// ALE's name for the ROM: the file name without `.bin`.
  public let romName: String

  public init(romName: String) {
    self.romName = romName
  }

  /// The name Gym and ALE environment ids use: `ms_pacman` -> `MsPacman`, `up_n_down` -> `UpNDown`.
  public var displayName: String {
    romName.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
  }

  public var description: String { displayName }

  /// The 26 games of the Atari 100k benchmark, in the order of the paper's Table 1.
  public static let atari100k: [AtariGame] = [
    "alien", "amidar", "assault", "asterix", "bank_heist", "battle_zone", "boxing", "breakout",
    "chopper_command", "crazy_climber", "demon_attack", "freeway", "frostbite", "gopher", "hero",
    "jamesbond", "kangaroo", "krull", "kung_fu_master", "ms_pacman", "pong", "private_eye", "qbert",
    "road_runner", "seaquest", "up_n_down",
  ].map(AtariGame.init(romName:))

  /// Other spellings people use for these games (the paper's own abbreviations among them).
  static let aliases: [String: String] = [
    "choppercmd": "chopper_command",
    "montezumasrevenge": "montezuma_revenge",
  ]

  /// Resolves a name as users type it: `Breakout`, `breakout`, `ALE/Breakout-v5`,
  /// `BreakoutNoFrameskip-v4`, `Kung Fu Master`, `ms_pacman`. Any ROM in `romDirectory` is accepted.
  public static func named(_ name: String, romDirectory: URL = AtariROMs.defaultDirectory()) throws -> AtariGame {
    try named(name, among: AtariROMs.available(in: romDirectory).map(AtariGame.init(romName:)))
  }

  /// Resolves a name among the given games only (for example `atari100k`).
  public static func named(_ name: String, among games: [AtariGame]) throws -> AtariGame {
    var key = AtariGame.key(name)
    if let target = aliases[key] { key = AtariGame.key(target) }
    if let game = games.first(where: { AtariGame.key($0.romName) == key }) { return game }
    let candidates = games.map { ($0.displayName, AtariGame.key($0.romName)) }
    throw EnvironmentError.unknownGame(name, closeMatches: closeMatches(for: key, among: candidates))
  }

  /// A name reduced to what identifies the game: namespace, version, Gym suffixes, case and
  /// punctuation removed (`ALE/MsPacman-v5` -> `mspacman`).
  static func key(_ name: String) -> String {
    var base = Substring(name.trimmingCharacters(in: .whitespacesAndNewlines))
    if let slash = base.lastIndex(of: "/") { base = base[base.index(after: slash)...] }
    if let dash = base.range(of: "-v", options: [.backwards, .caseInsensitive]),
       !base[dash.upperBound...].isEmpty, base[dash.upperBound...].allSatisfy(\.isNumber) {
      base = base[..<dash.lowerBound]
    }
    for suffix in ["NoFrameskip", "Deterministic"] where base.lowercased().hasSuffix(suffix.lowercased()) {
      base = base.dropLast(suffix.count)
    }
    return String(base.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) })
  }

  /// Display names whose key is within a small edit distance of `key`, or contains it, nearest first.
  static func closeMatches(for key: String, among candidates: [(name: String, key: String)], limit: Int = 5)
    -> [String]
  {
    guard !key.isEmpty else { return [] }
    let threshold = max(2, key.count / 3)
    let scored: [(name: String, distance: Int)] = candidates.compactMap { candidate in
      let distance = editDistance(key, candidate.key)
      let related = candidate.key.contains(key) || (key.count >= 4 && key.contains(candidate.key))
      guard distance <= threshold || related else { return nil }
      return (candidate.name, related ? min(distance, threshold) : distance)
    }
    return scored.sorted { ($0.distance, $0.name) < ($1.distance, $1.name) }.prefix(limit).map(\.name)
  }
}

/// Levenshtein distance between two strings, by characters.
func editDistance(_ a: String, _ b: String) -> Int {
  let a = Array(a), b = Array(b)
  if a.isEmpty { return b.count }
  if b.isEmpty { return a.count }
  var previous = Array(0...b.count)
  var current = [Int](repeating: 0, count: b.count + 1)
  for i in 1...a.count {
    current[0] = i
    for j in 1...b.count {
      let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
      current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
    }
    swap(&previous, &current)
  }
  return previous[b.count]
}
