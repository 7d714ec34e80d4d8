import CALE
import Foundation

/// One Arcade Learning Environment emulator, as ALE itself offers it: single frames, raw screens.
///
/// `Atari` builds the Atari 100k protocol on top of this; use it directly for raw access (RAM, screens,
/// frame-by-frame timing). A class because it owns a C++ object; use it from one thread at a time.
public final class ALEEmulator {
  private let handle: OpaquePointer
  /// Screen size in pixels, known once a ROM is loaded.
  public private(set) var screenHeight = 0
  public private(set) var screenWidth = 0

  /// ALE's version string.
  public static var version: String { String(cString: cale_version()) }

  /// The ALE action names, indexed by ALE action id.
  public static let actionNames = [
    "NOOP", "FIRE", "UP", "RIGHT", "LEFT", "DOWN", "UPRIGHT", "UPLEFT", "DOWNRIGHT", "DOWNLEFT",
    "UPFIRE", "RIGHTFIRE", "LEFTFIRE", "DOWNFIRE", "UPRIGHTFIRE", "UPLEFTFIRE", "DOWNRIGHTFIRE", "DOWNLEFTFIRE",
  ]

  public init() throws {
    var created: OpaquePointer?
    try ALEEmulator.check(cale_create(&created))
    guard let created else { throw EnvironmentError.emulator("could not create an emulator") }
    handle = created
  }

  deinit { cale_destroy(handle) }

  /// Turns a shim error message into a thrown error.
  @inline(__always)
  static func check(_ error: UnsafePointer<CChar>?) throws {
    if let error { throw EnvironmentError.emulator(String(cString: error)) }
  }

  // MARK: Settings (they take effect at the next `load`)

  public func set(_ key: String, _ value: Int) throws {
    guard let value = Int32(exactly: value) else {
      throw EnvironmentError.invalidConfiguration("\(key) = \(value) does not fit ALE's int")
    }
    try ALEEmulator.check(cale_set_int(handle, key, value))
  }

  public func set(_ key: String, _ value: Float) throws { try ALEEmulator.check(cale_set_float(handle, key, value)) }
  public func set(_ key: String, _ value: Bool) throws { try ALEEmulator.check(cale_set_bool(handle, key, value)) }
  public func set(_ key: String, _ value: String) throws { try ALEEmulator.check(cale_set_string(handle, key, value)) }

  // MARK: ROMs

  /// Checks that `rom` is a ROM ALE supports (exact MD5 match) and returns ALE's name for it.
  public static func validate(rom: URL) throws -> String {
    guard FileManager.default.fileExists(atPath: rom.path) else {
      throw EnvironmentError.romNotFound(path: rom.path)
    }
    var name = [CChar](repeating: 0, count: 256)
    if let error = cale_check_rom(rom.path, &name, name.count) {
      throw EnvironmentError.unsupportedROM(path: rom.path, reason: String(cString: error))
    }
    return String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// Validates and loads a ROM, then resets the game. Settings made before apply from here on.
  public func load(rom: URL) throws {
    _ = try ALEEmulator.validate(rom: rom)
    try ALEEmulator.check(cale_load_rom(handle, rom.path))
    var height: Int32 = 0, width: Int32 = 0
    try ALEEmulator.check(cale_screen_size(handle, &height, &width))
    screenHeight = Int(height)
    screenWidth = Int(width)
  }

  // MARK: Playing

  /// Applies an ALE action id (0...17) for ALE's `frame_skip` frames (1 unless set) and returns the reward.
  @inline(__always)
  public func act(_ aleAction: Int32) throws -> Int {
    var reward: Int32 = 0
    try ALEEmulator.check(cale_act(handle, aleAction, 1, &reward))
    return Int(reward)
  }

  public func resetGame() throws { try ALEEmulator.check(cale_reset(handle)) }

  public var isGameOver: Bool {
    get throws {
      var over = false
      try ALEEmulator.check(cale_game_over(handle, &over))
      return over
    }
  }

  public var lives: Int {
    get throws {
      var lives: Int32 = 0
      try ALEEmulator.check(cale_lives(handle, &lives))
      return Int(lives)
    }
  }

  /// Frames since the current game started, and since the ROM was loaded.
  public var frameNumbers: (episode: Int, total: Int) {
    get throws {
      var episode: Int32 = 0, total: Int32 = 0
      try ALEEmulator.check(cale_frame_number(handle, &episode, &total))
      return (Int(episode), Int(total))
    }
  }

  // MARK: Reading state

  /// Writes the screen as one luminance byte per pixel (`screenHeight * screenWidth` bytes).
  @inline(__always)
  public func screenGray(into buffer: UnsafeMutableBufferPointer<UInt8>) throws {
    try ALEEmulator.check(cale_screen_gray(handle, buffer.baseAddress, buffer.count))
  }

  /// Writes the screen as interleaved RGB (`screenHeight * screenWidth * 3` bytes).
  @inline(__always)
  public func screenRGB(into buffer: UnsafeMutableBufferPointer<UInt8>) throws {
    try ALEEmulator.check(cale_screen_rgb(handle, buffer.baseAddress, buffer.count))
  }

  /// Writes the raw pixel values, indices into `palette()` (`screenHeight * screenWidth` bytes).
  @inline(__always)
  public func screenIndices(into buffer: UnsafeMutableBufferPointer<UInt8>) throws {
    try ALEEmulator.check(cale_screen_indices(handle, buffer.baseAddress, buffer.count))
  }

  /// The loaded ROM's palette: R, G, B (768 bytes) and luminance (256 bytes) of every pixel value.
  public func palette() throws -> (rgb: [UInt8], gray: [UInt8]) {
    var rgb = [UInt8](repeating: 0, count: 768), gray = [UInt8](repeating: 0, count: 256)
    try rgb.withUnsafeMutableBufferPointer { rgb in
      try gray.withUnsafeMutableBufferPointer { gray in
        try ALEEmulator.check(cale_palette(handle, rgb.baseAddress, gray.baseAddress))
      }
    }
    return (rgb, gray)
  }

  /// The 128 bytes of console RAM.
  public func ram() throws -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: Int(CALE_RAM_SIZE))
    try bytes.withUnsafeMutableBufferPointer { try ALEEmulator.check(cale_ram(handle, $0.baseAddress, $0.count)) }
    return bytes
  }

  /// The emulator's complete state, random generator included.
  public func cloneState() throws -> [UInt8] {
    var size = 0
    try ALEEmulator.check(cale_clone_state(handle, nil, 0, &size))
    var bytes = [UInt8](repeating: 0, count: size)
    try bytes.withUnsafeMutableBufferPointer { try ALEEmulator.check(cale_clone_state(handle, $0.baseAddress, $0.count, &size)) }
    return bytes
  }

  /// Continues from a state `cloneState()` returned (of the same ROM).
  public func restoreState(_ bytes: [UInt8]) throws {
    try bytes.withUnsafeBufferPointer { try ALEEmulator.check(cale_restore_state(handle, $0.baseAddress, $0.count)) }
  }

  /// The game's minimal action set, as ALE action ids.
  public func minimalActions() throws -> [Int32] { try actions(cale_minimal_actions) }

  /// All 18 actions, as ALE action ids.
  public func legalActions() throws -> [Int32] { try actions(cale_legal_actions) }

  private func actions(
    _ query: (OpaquePointer?, UnsafeMutablePointer<Int32>?, Int, UnsafeMutablePointer<Int>?) -> UnsafePointer<CChar>?
  ) throws -> [Int32] {
    var ids = [Int32](repeating: 0, count: Int(CALE_ACTION_COUNT))
    var count = 0
    try ids.withUnsafeMutableBufferPointer { try ALEEmulator.check(query(handle, $0.baseAddress, $0.count, &count)) }
    return Array(ids.prefix(count))
  }
}
