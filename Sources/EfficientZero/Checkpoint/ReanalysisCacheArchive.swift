import Torch

/// The searches reanalysis keeps for reuse under the current target network (`reanalyze_reuse`), as
/// one binary file. Without it a resumed run would search again the positions the uninterrupted run
/// takes from the cache, drawing other root noise: the same run no longer.
enum ReanalysisCacheArchive {
  static let fileName = "reanalysis_cache.bin"
  static let magic: UInt64 = 0x4548_4341_4352_5A45  // "EZRCACHE", little-endian
  static let version: UInt32 = 1

  static func write<Frame>(_ reanalyzer: Reanalyzer<Frame>, to path: String) throws {
    let out = try BinaryFileWriter(path: path)
    try out.write(magic)
    try out.write(version)
    try out.write(Int64(reanalyzer.reuseVersion ?? -1))
    // In key order, so that the same cache always writes the same bytes.
    let keys = reanalyzer.reused.keys.sorted { ($0.segment, $0.position) < ($1.segment, $1.position) }
    try out.write(UInt64(keys.count))
    for key in keys {
      let result = reanalyzer.reused[key]!
      try out.write(Int64(key.segment))
      try out.write(Int64(key.position))
      try out.write(array: [result.rootValue, result.predicted])
      try out.write(array: Array(result.policy))
    }
    try out.finish()
  }

  static func read<Frame>(from path: String, into reanalyzer: inout Reanalyzer<Frame>) throws {
    let input = try BinaryFileReader(path: path)
    guard try input.read(UInt64.self, "magic") == magic else { throw CheckpointError("\(path) is not a reanalysis cache") }
    let fileVersion = try input.read(UInt32.self, "version")
    guard fileVersion == version else { throw CheckpointError("\(path) has cache format \(fileVersion), expected \(version)") }
    let targetVersion = try input.read(Int64.self, "target version")
    let count = try input.readCount("entry count")
    var reused: [ReplayKey: Reanalyzer<Frame>.SearchResult] = [:]
    reused.reserveCapacity(count)
    for i in 0..<count {
      let what = "entry \(i)"
      let key = ReplayKey(segment: Int(try input.read(Int64.self, what)), position: Int(try input.read(Int64.self, what)))
      let values = try input.readArray(of: Float.self, what)
      guard values.count == 2 else { throw CheckpointError("\(path): \(what) has \(values.count) values, expected 2") }
      let policy = try input.readArray(of: Float.self, what)
      reused[key] = .init(rootValue: values[0], predicted: values[1], policy: policy[...])
    }
    guard input.isAtEnd else { throw CheckpointError("\(path) has unexpected bytes after its last entry") }
    reanalyzer.reused = reused
    reanalyzer.reuseVersion = targetVersion < 0 ? nil : Int(targetVersion)
  }
}
