/// How the per-root work of a search (preparation, selection, expansion, backup, results) is spread over
/// threads. The search imports nothing but the standard library, so the caller supplies the parallel loop,
/// for example `{ count, body in DispatchQueue.concurrentPerform(iterations: count, execute: body) }`.
///
/// Roots are split into `chunkCount` contiguous ranges. Every root draws from its own random stream and
/// touches only its own storage, so the result does not depend on the chunking or the threads.
public struct RootParallelism {
  public var chunkCount: Int
  /// Calls `body(chunk)` once for each chunk in 0 ..< count, possibly concurrently, and returns when all
  /// calls have returned.
  public var forEachChunk: (_ count: Int, _ body: @Sendable (Int) -> Void) -> Void

  public init(chunkCount: Int, forEachChunk: @escaping (_ count: Int, _ body: @Sendable (Int) -> Void) -> Void) {
    precondition(chunkCount > 0)
    self.chunkCount = chunkCount
    self.forEachChunk = forEachChunk
  }

  /// Everything on the calling thread.
  public static var serial: RootParallelism {
    RootParallelism(chunkCount: 1) { count, body in
      for chunk in 0..<count { body(chunk) }
    }
  }
}
