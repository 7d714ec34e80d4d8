import Environments
import Foundation
import Search
import Torch

/// The single-process form of the paper's Fig. 6 pipeline: self-play, reanalysis workers and the
/// learner run at the same time, each on its own thread and each owning its part (the collector,
/// a batch maker, the learner), joined by the replay buffer and a bounded queue of reanalysed
/// batches, both under one lock. Self-play and reanalysis keep their own copies of the networks
/// and load the learner's weights when a new snapshot is published (every
/// `selfPlayUpdateInterval` / `targetUpdateInterval` training steps), so no module is shared
/// between threads. Not deterministic: thread timing decides which data each batch sees.
final class PipelineState<Frame: TensorElement>: @unchecked Sendable {
  // @unchecked Sendable: every mutable field, and the replay buffer, is used only while `condition` is locked.
  let condition = NSCondition()
  let replay: ReplayBuffer<Frame>
  var record: CollectionRecord
  var batches: [(keys: [ReplayKey], batch: TrainingBatch)] = []
  var trainingStep: Int
  var stopping = false
  var failure: (any Error)?
  var selfPlaySnapshot: (version: Int, state: [(name: String, tensor: Tensor)])
  var targetSnapshot: (version: Int, state: [(name: String, tensor: Tensor)])

  init(
    replay: ReplayBuffer<Frame>, record: CollectionRecord, trainingStep: Int, network: [(name: String, tensor: Tensor)],
    target: [(name: String, tensor: Tensor)]
  ) {
    self.replay = replay
    self.record = record
    self.trainingStep = trainingStep
    selfPlaySnapshot = (0, network)
    targetSnapshot = (0, target)
  }
  func locked<R>(_ body: () throws -> R) rethrows -> R {
    condition.lock()
    defer { condition.unlock() }
    return try body()
  }

  func fail(_ error: any Error) {
    locked {
      if failure == nil { failure = error }
      stopping = true
      condition.broadcast()
    }
  }
}

/// A cloned, detached copy of a module's tensors, safe to load on another thread.
func snapshot(_ module: some Module) throws -> [(name: String, tensor: Tensor)] {
  try Torch.withNoGrad { () throws(TorchError) -> [(name: String, tensor: Tensor)] in
    var out: [(name: String, tensor: Tensor)] = []
    for (name, tensor) in module.stateDict() { out.append((name, try tensor.detached().clone())) }
    return out
  }
}

/// Runs `body` on a new thread; `done` is signalled when it returns.
func spawn(_ name: String, _ done: DispatchGroup, _ body: @escaping @Sendable () -> Void) {
  done.enter()
  let thread = Thread {
    body()
    done.leave()
  }
  thread.name = name
  thread.start()
}

/// A part of the trainer handed to the one thread that uses it until the threads are joined
/// (which is what makes passing it over safe).
struct HandedOver<Part>: @unchecked Sendable {
  let part: Part
}

extension Trainer {
  /// Trains with self-play, `reanalyzeWorkers` reanalysis threads and the learner running
  /// concurrently; `queueCapacity` bounds the reanalysed batches waiting for the learner.
  /// Like `run(until:progress:shouldStop:)`, it returns at `stepLimit` or when `shouldStop` says so
  /// (the threads are joined first, so the trainer can then be checkpointed) and can be called again.
  public func runConcurrently(
    until stepLimit: Int? = nil, reanalyzeWorkers: Int = 1, queueCapacity: Int = 4,
    progress: (TrainingProgress) throws -> Void = { _ in }, shouldStop: () -> Bool = { false }
  ) throws {
    let limit = Swift.min(stepLimit ?? config.trainingSteps, config.trainingSteps)
    guard reanalyzeWorkers >= 1, queueCapacity >= 1 else {
      throw ConfigError("reanalyze_workers and queue_capacity must be >= 1")
    }
    // The random warm-up is the same as in synchronous mode.
    try warmUp()
    try checkWarmedUp()
    collector.startTraining()
    meter.start()
    let state = PipelineState(
      replay: replay, record: record, trainingStep: learner.step, network: try snapshot(learner.network),
      target: try snapshot(learner.target))
    let config = config
    let frameShape = batches.frameShape
    let streamBase = RunSeeds(config.seed).concurrentStreams(atStep: learner.step)
    let threads = DispatchGroup()
    // libtorch's thread count is process-wide: while threads run, self-play keeps the run's setting
    // rather than switching it under the learner's feet.
    let searchThreads = collector.selfPlay.searchThreads
    collector.selfPlay.searchThreads = nil
    defer { collector.selfPlay.searchThreads = searchThreads }

    let handedCollector = HandedOver(part: collector)
    spawn("self-play", threads) {
      let collector = handedCollector.part
      var version = 0
      while true {
        let (stop, step, update) = state.locked { () -> (Bool, Int, (Int, [(name: String, tensor: Tensor)])?) in
          while !state.stopping && !collector.isExhausted && !collector.mayPlay(trainingStep: state.trainingStep) {
            state.condition.wait()
          }
          let snap = state.selfPlaySnapshot
          return (state.stopping || collector.isExhausted, state.trainingStep, snap.version != version ? snap : nil)
        }
        if stop { return }
        do {
          if let (v, weights) = update {
            try collector.selfPlay.network.load(stateDict: weights)
            version = v
          }
          let moves = try collector.play(trainingStep: step, randomActions: false)
          state.locked { state.record.store(moves, from: collector, in: state.replay) }
        } catch {
          state.fail(error)
          return
        }
      }
    }

    for worker in 0..<reanalyzeWorkers {
      spawn("reanalyze \(worker)", threads) {
        do {
          let target = try EfficientZeroNetwork.prepared(for: config)
          target.eval()
          var maker = BatchMaker<Env.Scalar>(
            config: config, frameShape: frameShape, reanalysisSeed: streamBase &+ 100 &+ UInt64(worker),
            sampler: SearchRandom(seed: streamBase &+ 200 &+ UInt64(worker)))
          var version = -1
          while true {
            let job = state.locked { () -> (draw: BatchMaker<Env.Scalar>.Draw, update: (Int, [(name: String, tensor: Tensor)])?)? in
              while !state.stopping && state.batches.count >= queueCapacity { state.condition.wait() }
              if state.stopping { return nil }
              let snap = state.targetSnapshot
              return (maker.draw(from: state.replay, trainingStep: state.trainingStep), snap.version != version ? snap : nil)
            }
            guard let job else { return }
            if let (v, weights) = job.update {
              try target.load(stateDict: weights)
              version = v
            }
            let batch = try maker.batch(for: job.draw, target: target, targetVersion: version)
            state.locked {
              state.batches.append((job.draw.keys, batch))
              state.condition.broadcast()
            }
          }
        } catch {
          state.fail(error)
        }
      }
    }

    // The learner runs on this thread.
    defer {
      state.locked {
        state.stopping = true
        state.condition.broadcast()
      }
      threads.wait()
      record = state.record
    }
    while learner.step < limit && !shouldStop() {
      let next = state.locked { () -> (keys: [ReplayKey], batch: TrainingBatch)? in
        while !state.stopping && state.batches.isEmpty { state.condition.wait() }
        if state.stopping { return nil }
        let job = state.batches.removeFirst()
        state.condition.broadcast()
        return job
      }
      guard let next else { break }
      let begin = meter.clock.now
      let report = try learner.train(on: next.batch)
      meter.time(\.learner, since: begin)
      let publishSelfPlay = learner.step % config.selfPlayUpdateInterval == 0
      let publishTarget = report.targetUpdated
      let weights = (publishSelfPlay || publishTarget) ? try snapshot(learner.network) : nil
      let step = learner.step
      let due = state.locked { () -> TrainingProgress? in
        state.replay.updatePriorities(next.keys, report.priorities)
        state.trainingStep = step
        if publishSelfPlay, let weights { state.selfPlaySnapshot = (state.selfPlaySnapshot.version + 1, weights) }
        if publishTarget, let weights { state.targetSnapshot = (state.targetSnapshot.version + 1, weights) }
        state.condition.broadcast()
        return meter.add(report, trainingStep: step, config: config, record: state.record, replay: state.replay)
      }
      if let due { try progress(due) }
    }
    if let failure = state.locked({ state.failure }) { throw failure }
  }
}
