import Dispatch
import Foundation

/// N environments stepped together, split across worker threads, with automatic resets.
///
/// The calling thread is one of the workers; the others are threads owned by this object, woken by
/// semaphores for each batch. Observations, results and actions live in buffers allocated once, so a
/// step allocates nothing. When an episode ends, its last observation is kept (`finalObservation(_:)`),
/// the environment is reset (with no seed, continuing its random stream) and `observations` holds the
/// new episode's first observation.
public final class VectorEnvironment<Env: Environment> {
  public let count: Int
  public let observationSpec: ObservationSpec
  public let actionSpace: ActionSpace
  /// Threads stepping environments, the calling one included.
  public let workerCount: Int

  private let batch: Batch<Env>
  private let starts: [DispatchSemaphore]
  private let finished = DispatchSemaphore(value: 0)

  /// Takes ownership of `environments`, which must share observation and action spaces.
  /// `workers` defaults to one per processor, at most one per environment.
  public init(_ environments: [Env], workers: Int? = nil) throws {
    guard let first = environments.first else { throw EnvironmentError.invalidBatch("no environments") }
    for environment in environments {
      guard environment.observationSpec == first.observationSpec, environment.actionSpace == first.actionSpace else {
        throw EnvironmentError.invalidBatch("environments differ in observation or action space")
      }
    }
    let workers = workers ?? ProcessInfo.processInfo.activeProcessorCount
    guard workers >= 1 else { throw EnvironmentError.invalidBatch("workers must be at least 1 (got \(workers))") }
    count = environments.count
    observationSpec = first.observationSpec
    actionSpace = first.actionSpace
    workerCount = min(workers, environments.count)
    batch = Batch(environments, workers: workerCount)
    starts = (1..<max(1, workerCount)).map { _ in DispatchSemaphore(value: 0) }
    for worker in 1..<max(1, workerCount) {
      // The thread sees the batch through a non-generic protocol, so it captures no metatype.
      let (runner, start, finished): (any WorkerRunner, _, _) = (batch, starts[worker - 1], finished)
      let thread = Thread {
        while true {
          start.wait()
          if runner.isStopping { break }
          runner.run(worker: worker)
          finished.signal()
        }
        finished.signal()
      }
      thread.name = "environment worker \(worker)"
      thread.start()
    }
  }

  /// Builds `count` environments with `make(index)`.
  public convenience init(count: Int, workers: Int? = nil, make: (Int) throws -> Env) throws {
    try self.init((0..<count).map(make), workers: workers)
  }

  deinit {
    batch.command = .stop
    for start in starts { start.signal() }
    for _ in starts { finished.wait() }
  }

  // MARK: Batches

  /// Resets every environment; `seeds[i]` (if given) seeds environment i.
  public func reset(seeds: [UInt64]? = nil) throws {
    if let seeds {
      guard seeds.count == count else {
        throw EnvironmentError.invalidBatch("\(seeds.count) seeds for \(count) environments")
      }
      for i in 0..<count { batch.seeds[i] = seeds[i] }
    }
    batch.useSeeds = seeds != nil
    try run(.reset)
  }

  /// Steps every environment with its action and resets those whose episode ended.
  public func step(_ actions: [Int]) throws {
    try actions.withUnsafeBufferPointer { try step($0) }
  }

  /// Steps every environment with its action and resets those whose episode ended.
  public func step(_ actions: UnsafeBufferPointer<Int>) throws {
    guard actions.count == count else {
      throw EnvironmentError.invalidBatch("\(actions.count) actions for \(count) environments")
    }
    for i in 0..<count {
      try actionSpace.validate(actions[i])
      batch.actions[i] = actions[i]
    }
    try run(.step)
  }

  private func run(_ command: Batch<Env>.Command) throws {
    batch.command = command
    for start in starts { start.signal() }
    batch.run(worker: 0)
    for _ in starts { finished.wait() }
    if let error = batch.firstError() { throw error }
  }

  // MARK: Results (valid until the next reset or step)

  /// All current observations, environment by environment (`count * observationSpec.count` scalars).
  public var observations: UnsafeBufferPointer<Env.Scalar> { UnsafeBufferPointer(batch.observations) }

  /// The current observation of environment `index`.
  public func observation(_ index: Int) -> UnsafeBufferPointer<Env.Scalar> {
    UnsafeBufferPointer(rebasing: batch.observations[batch.slot(index)])
  }

  /// The observation that ended environment `index`'s episode at the last step (where `results[index].done`).
  public func finalObservation(_ index: Int) -> UnsafeBufferPointer<Env.Scalar> {
    UnsafeBufferPointer(rebasing: batch.finalObservations[batch.slot(index)])
  }

  /// Reward, end flags and info of each environment's last step.
  public var results: UnsafeBufferPointer<StepResult> { UnsafeBufferPointer(batch.results) }

  /// Each environment's `snapshot()` with its current observation (nil where the environment cannot save its state).
  public func snapshots() throws -> [(state: [UInt8], observation: [Env.Scalar])]? {
    var out: [(state: [UInt8], observation: [Env.Scalar])] = []
    for i in 0..<count {
      guard let state = try batch.environments[i].snapshot() else { return nil }
      out.append((state, Array(observation(i))))
    }
    return out
  }

  /// Restores what `snapshots()` returned: each environment's state and current observation.
  public func restore(snapshots: [(state: [UInt8], observation: [Env.Scalar])]) throws {
    guard snapshots.count == count, snapshots.allSatisfy({ $0.observation.count == observationSpec.count }) else {
      throw EnvironmentError.invalidBatch("\(snapshots.count) snapshots for \(count) environments of this shape")
    }
    for (i, snapshot) in snapshots.enumerated() {
      try batch.environments[i].restore(snapshot: snapshot.state)
      _ = UnsafeMutableBufferPointer(rebasing: batch.observations[batch.slot(i)]).update(fromContentsOf: snapshot.observation)
    }
  }

  /// Direct access to one environment, between batches.
  public func withEnvironment<R>(_ index: Int, _ body: (inout Env) throws -> R) rethrows -> R {
    precondition(index >= 0 && index < count, "environment index out of range")
    return try body(&batch.environments[index])
  }
}

/// What a worker thread does with the shared state.
private protocol WorkerRunner: AnyObject, Sendable {
  var isStopping: Bool { get }
  func run(worker: Int)
}

/// The state the workers share.
///
/// @unchecked Sendable: every worker touches only the environments and buffer slots of its own fixed
/// range, and the calling thread writes `command`, `actions` and `seeds` only while all workers wait on
/// their semaphores; the semaphores order those writes before the workers' reads, and the workers'
/// writes before the caller's reads.
private final class Batch<Env: Environment>: WorkerRunner, @unchecked Sendable {
  enum Command { case reset, step, stop }

  let count: Int
  let observationCount: Int
  let environments: UnsafeMutablePointer<Env>
  let observations: UnsafeMutableBufferPointer<Env.Scalar>
  let finalObservations: UnsafeMutableBufferPointer<Env.Scalar>
  let results: UnsafeMutableBufferPointer<StepResult>
  let actions: UnsafeMutableBufferPointer<Int>
  let seeds: UnsafeMutableBufferPointer<UInt64>
  let errors: UnsafeMutableBufferPointer<(any Error)?>
  /// Environment index ranges, one per worker.
  let ranges: [Range<Int>]
  var command = Command.step
  var useSeeds = false
  var isStopping: Bool { command == .stop }

  init(_ list: [Env], workers: Int) {
    count = list.count
    observationCount = list[0].observationSpec.count
    environments = .allocate(capacity: count)
    environments.initialize(from: list, count: count)
    observations = .allocate(capacity: count * observationCount)
    finalObservations = .allocate(capacity: count * observationCount)
    // Scalars are plain bits: zero bytes are a valid initial value.
    UnsafeMutableRawBufferPointer(observations).initializeMemory(as: UInt8.self, repeating: 0)
    UnsafeMutableRawBufferPointer(finalObservations).initializeMemory(as: UInt8.self, repeating: 0)
    results = .allocate(capacity: count)
    results.initialize(repeating: StepResult(reward: 0, terminated: false, truncated: false, info: StepInfo()))
    actions = .allocate(capacity: count)
    actions.initialize(repeating: 0)
    seeds = .allocate(capacity: count)
    seeds.initialize(repeating: 0)
    errors = .allocate(capacity: workers)
    errors.initialize(repeating: nil)
    ranges = (0..<workers).map { w in (w * list.count / workers)..<((w + 1) * list.count / workers) }
  }

  deinit {
    environments.deinitialize(count: count)
    environments.deallocate()
    observations.deallocate()
    finalObservations.deallocate()
    results.deallocate()
    actions.deallocate()
    seeds.deallocate()
    _ = errors.deinitialize()
    errors.deallocate()
  }

  func slot(_ index: Int) -> Range<Int> { index * observationCount..<(index + 1) * observationCount }

  /// Does the current command for one worker's environments, recording the first error.
  func run(worker: Int) {
    errors[worker] = nil
    do {
      for i in ranges[worker] {
        let observation = UnsafeMutableBufferPointer(rebasing: observations[slot(i)])
        switch command {
        case .reset:
          results[i] = StepResult(
            reward: 0, terminated: false, truncated: false,
            info: try environments[i].reset(seed: useSeeds ? seeds[i] : nil, into: observation))
        case .step:
          let result = try environments[i].step(actions[i], into: observation)
          results[i] = result
          if result.done {
            let final = UnsafeMutableBufferPointer(rebasing: finalObservations[slot(i)])
            _ = final.update(fromContentsOf: observation)
            _ = try environments[i].reset(seed: nil, into: observation)
          }
        case .stop:
          return
        }
      }
    } catch {
      errors[worker] = error
    }
  }

  func firstError() -> (any Error)? { errors.lazy.compactMap { $0 }.first }
}
