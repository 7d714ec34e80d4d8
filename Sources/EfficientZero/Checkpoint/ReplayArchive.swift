import Torch

/// The replay buffer as one binary file: every segment with its frames, moves, search statistics
/// and priorities, so that sampling after a resume draws exactly what it would have drawn.
enum ReplayArchive {
  static let magic: UInt64 = 0x5941_4C50_4552_5A45  // "EZREPLAY", little-endian
  /// 2: segments record whether a time limit ended them (version 1 files read as "no").
  static let version: UInt32 = 2

  static func write<Frame>(_ replay: ReplayBuffer<Frame>, to path: String) throws {
    let out = try BinaryFileWriter(path: path)
    try out.write(magic)
    try out.write(version)
    try out.write(String(describing: Frame.self))
    try out.write(UInt64(replay.capacity))
    try out.write(replay.alpha)
    try out.write(Int64(replay.firstId))
    // Version 1 stored the largest priority ever seen; new moves now get the buffer's current largest,
    // which the priorities themselves give: the field stays for the layout and is not read back.
    try out.write(replay.largestPriority)
    try out.write(Int64(replay.totalMovesAdded))
    try out.write(UInt64(replay.segments.count))
    for (segment, priorities) in zip(replay.segments, replay.scaledPriorities) {
      try writeSegment(segment, to: out)
      try out.write(array: priorities)
    }
    try out.finish()
  }

  static func writeSegment<Frame>(_ segment: GameSegment<Frame>, to out: BinaryFileWriter) throws {
    try out.write(Int64(segment.frameSize))
    try out.write(Int64(segment.stackedFrames))
    try out.write(Int64(segment.actionCount))
    try out.write(Int64(segment.ownLength))
    try out.write(segment.episodeEnded)
    try out.write(segment.endedByTimeLimit)
    try out.write(Int64(segment.collectedAtTrainingStep))
    try out.write(array: segment.frames)
    try out.write(array: segment.actions.map { Int64($0) })
    try out.write(array: segment.rewards)
    try out.write(array: segment.rootValues)
    try out.write(array: segment.policies)
  }

  /// Reads a segment written by `writeSegment`, checking that its arrays agree; an unfinished
  /// segment (`allowEmpty`) may have no own moves yet.
  static func readSegment<Frame: TensorElement>(
    from input: BinaryFileReader, frameSize: Int, stackedFrames: Int, allowEmpty: Bool = false, formatVersion: UInt32,
    _ what: String
  ) throws -> GameSegment<Frame> {
    let size = Int(try input.read(Int64.self, what))
    let stack = Int(try input.read(Int64.self, what))
    let actionCount = Int(try input.read(Int64.self, what))
    guard size == frameSize, stack == stackedFrames, actionCount > 0 else {
      throw CheckpointError(
        "\(input.path): \(what) has frames of \(size) scalars x \(stack); this run uses \(frameSize) x \(stackedFrames)")
    }
    var segment = GameSegment<Frame>(
      frameSize: size, stackedFrames: stack, actionCount: actionCount, collectedAtTrainingStep: 0)
    segment.ownLength = Int(try input.read(Int64.self, what))
    segment.episodeEnded = try input.readBool(what)
    if formatVersion >= 2 { segment.endedByTimeLimit = try input.readBool(what) }
    segment.collectedAtTrainingStep = Int(try input.read(Int64.self, what))
    segment.frames = try input.readArray(of: Frame.self, what)
    segment.actions = try input.readArray(of: Int64.self, what).map { Int($0) }
    segment.rewards = try input.readArray(of: Float.self, what)
    segment.rootValues = try input.readArray(of: Float.self, what)
    segment.policies = try input.readArray(of: Float.self, what)
    let steps = segment.actions.count
    guard segment.rewards.count == steps, segment.rootValues.count == steps,
      segment.policies.count == steps * actionCount, segment.frames.count == (stack + steps) * size,
      segment.ownLength >= (allowEmpty ? 0 : 1), segment.ownLength <= steps,
      segment.actions.allSatisfy({ $0 >= 0 && $0 < actionCount })
    else { throw CheckpointError("\(input.path): \(what) is inconsistent (its arrays do not agree in length)") }
    return segment
  }

  /// Loads a file written by `write` into `replay`, which must have the same capacity, alpha and frame type.
  static func read<Frame>(from path: String, into replay: ReplayBuffer<Frame>, frameSize: Int, stackedFrames: Int) throws {
    let input = try BinaryFileReader(path: path)
    guard try input.read(UInt64.self, "magic") == magic else { throw CheckpointError("\(path) is not a replay file") }
    let fileVersion = try input.read(UInt32.self, "version")
    guard (1...version).contains(fileVersion) else {
      throw CheckpointError("\(path) has replay format \(fileVersion), expected 1...\(version)")
    }
    let frameType = try input.readString("frame type")
    guard frameType == String(describing: Frame.self) else {
      throw CheckpointError("\(path) holds \(frameType) frames; this run uses \(Frame.self)")
    }
    let capacity = try input.read(UInt64.self, "capacity")
    let alpha = try input.readDouble("alpha")
    guard capacity == UInt64(replay.capacity), alpha == replay.alpha else {
      throw CheckpointError(
        "\(path) was saved with capacity \(capacity) and alpha \(alpha); this run has \(replay.capacity) and \(replay.alpha)")
    }
    let firstId = Int(try input.read(Int64.self, "first segment id"))
    _ = try input.readDouble("largest priority")
    let totalMovesAdded = Int(try input.read(Int64.self, "moves added"))
    let count = try input.readCount("segment count")
    var segments: [GameSegment<Frame>] = []
    var priorities: [[Double]] = []
    segments.reserveCapacity(count)
    for index in 0..<count {
      let what = "segment \(index)"
      let segment: GameSegment<Frame> = try readSegment(
        from: input, frameSize: frameSize, stackedFrames: stackedFrames, formatVersion: fileVersion, what)
      let row = try input.readArray(of: Double.self, what)
      guard row.count == segment.ownLength else { throw CheckpointError("\(path): \(what) has \(row.count) priorities") }
      segments.append(segment)
      priorities.append(row)
    }
    guard input.isAtEnd else { throw CheckpointError("\(path) has unexpected bytes after its last segment") }
    replay.restore(
      segments: segments, scaledPriorities: priorities, firstId: firstId,
      totalMovesAdded: totalMovesAdded)
  }
}
