/// The last `depth` frames of an episode, handed out stacked on the channel axis, oldest first.
///
/// A ring of preallocated frames: pushing copies one frame in, reading copies `depth` frames out.
public struct FrameStack: Sendable {
  public let frameCount: Int
  public let depth: Int
  private var frames: [UInt8]
  /// Slot of the oldest frame.
  private var oldest = 0

  public init(frameCount: Int, depth: Int) {
    precondition(frameCount > 0 && depth > 0)
    self.frameCount = frameCount
    self.depth = depth
    frames = [UInt8](repeating: 0, count: frameCount * depth)
  }

  /// Adds the stacked frames to an environment snapshot.
  public func save(into out: inout SnapshotBytes) {
    out.put(array: frames)
    out.put(oldest)
  }

  /// Restores what `save(into:)` stored.
  public mutating func restore(from input: inout SnapshotBytes) throws {
    let saved: [UInt8] = try input.takeArray()
    let slot: Int = try input.take()
    guard saved.count == frames.count, slot >= 0, slot < depth else {
      throw EnvironmentError.invalidConfiguration("the snapshot's frame stack does not fit this environment")
    }
    frames = saved
    oldest = slot
  }

  /// Scalars of one stacked observation.
  public var observationCount: Int { frameCount * depth }

  /// Writable storage for the next frame; `commit()` then makes it the newest.
  /// Writing in place saves a copy per step.
  public mutating func withNextFrame<R>(_ body: (UnsafeMutableBufferPointer<UInt8>) throws -> R) rethrows -> R {
    let range = oldest * frameCount..<(oldest + 1) * frameCount
    return try frames.withUnsafeMutableBufferPointer { all in
      try body(UnsafeMutableBufferPointer(rebasing: all[range]))
    }
  }

  /// Makes the frame written by `withNextFrame` the newest (it replaced the oldest).
  public mutating func commit() {
    oldest = (oldest + 1) % depth
  }

  /// Pushes a copy of `frame` as the newest frame.
  public mutating func push(_ frame: UnsafeBufferPointer<UInt8>) {
    precondition(frame.count == frameCount, "frame size \(frame.count) != \(frameCount)")
    let count = frameCount
    withNextFrame { $0.baseAddress!.update(from: frame.baseAddress!, count: count) }
    commit()
  }

  /// Makes every slot a copy of the newest frame, as at the start of an episode.
  public mutating func fillWithNewest() {
    let (newest, depth, frameCount) = ((oldest + depth - 1) % depth, depth, frameCount)
    frames.withUnsafeMutableBufferPointer { all in
      let source = all.baseAddress! + newest * frameCount
      for slot in 0..<depth where slot != newest {
        (all.baseAddress! + slot * frameCount).update(from: source, count: frameCount)
      }
    }
  }

  /// Writes the stack, oldest frame first, into `observation` (`observationCount` bytes).
  public func write(into observation: UnsafeMutableBufferPointer<UInt8>) {
    precondition(observation.count >= observationCount, "observation buffer too small")
    frames.withUnsafeBufferPointer { all in
      for i in 0..<depth {
        let slot = (oldest + i) % depth
        (observation.baseAddress! + i * frameCount).update(from: all.baseAddress! + slot * frameCount, count: frameCount)
      }
    }
  }
}
