import Environments
import Torch

/// Self-play's games in progress as one binary file: each environment's saved state and current
/// observation, the unfinished segments of its episode, and its running return and length. With it
/// a resumed run continues the same episodes; without it (environments that cannot save their
/// state) each environment starts a new episode.
enum SelfPlayArchive {
  static let magic: UInt64 = 0x4C50_464C_4553_5A45  // "EZSELFPL", little-endian
  /// 2: segments record whether a time limit ended them (version 1 files read as "no").
  static let version: UInt32 = 2

  /// Writes the file; returns false, writing nothing, when the environments cannot save their state.
  static func write<Env>(_ selfPlay: SelfPlay<Env>, to path: String) throws -> Bool {
    guard let snapshots = try selfPlay.environments.snapshots() else { return false }
    let out = try BinaryFileWriter(path: path)
    try out.write(magic)
    try out.write(version)
    try out.write(String(describing: Env.self))
    try out.write(UInt64(snapshots.count))
    for (i, snapshot) in snapshots.enumerated() {
      try out.write(array: snapshot.state)
      try out.write(array: snapshot.observation)
      try out.write(selfPlay.rawReturns[i])
      try out.write(selfPlay.trainingReturns[i])
      try out.write(Int64(selfPlay.lengths[i]))
      for segment in [selfPlay.builders[i].current, selfPlay.builders[i].next] {
        try out.write(segment != nil)
        if let segment { try ReplayArchive.writeSegment(segment, to: out) }
      }
    }
    try out.finish()
    return true
  }

  static func read<Env>(from path: String, into selfPlay: SelfPlay<Env>) throws {
    let input = try BinaryFileReader(path: path)
    guard try input.read(UInt64.self, "magic") == magic else { throw CheckpointError("\(path) is not a self-play file") }
    let fileVersion = try input.read(UInt32.self, "version")
    guard (1...version).contains(fileVersion) else {
      throw CheckpointError("\(path) has self-play format \(fileVersion), expected 1...\(version)")
    }
    let environment = try input.readString("environment type")
    guard environment == String(describing: Env.self) else {
      throw CheckpointError("\(path) holds \(environment) games; this run plays \(Env.self)")
    }
    let count = try input.readCount("environment count")
    guard count == selfPlay.builders.count else {
      throw CheckpointError("\(path) holds \(count) games; this run plays \(selfPlay.builders.count)")
    }
    var snapshots: [(state: [UInt8], observation: [Env.Scalar])] = []
    var builders = selfPlay.builders
    var raw: [Double] = [], training: [Double] = [], lengths: [Int] = []
    for i in 0..<count {
      let what = "game \(i)"
      snapshots.append((try input.readArray(of: UInt8.self, what), try input.readArray(of: Env.Scalar.self, what)))
      raw.append(try input.readDouble(what))
      training.append(try input.readDouble(what))
      lengths.append(Int(try input.read(Int64.self, what)))
      var open: [GameSegment<Env.Scalar>?] = []
      for _ in 0..<2 {
        open.append(
          try input.readBool(what)
            ? try ReplayArchive.readSegment(
              from: input, frameSize: builders[i].frameSize, stackedFrames: builders[i].stackedFrames, allowEmpty: true,
              formatVersion: fileVersion, what)
            : nil)
      }
      guard open[0] != nil else { throw CheckpointError("\(path): \(what) has no open segment") }
      builders[i].current = open[0]
      builders[i].next = open[1]
    }
    guard input.isAtEnd else { throw CheckpointError("\(path) has unexpected bytes after its last game") }
    do { try selfPlay.environments.restore(snapshots: snapshots) } catch {
      throw CheckpointError("\(path): the saved games do not fit these environments: \(error)")
    }
    selfPlay.builders = builders
    selfPlay.rawReturns = raw
    selfPlay.trainingReturns = training
    selfPlay.lengths = lengths
  }
}
