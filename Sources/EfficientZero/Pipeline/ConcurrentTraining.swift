import Environments
import Foundation
import Search
import Torch

/// The single-process form of the paper's Fig. 6 pipeline: self-play, reanalysis workers and the
/// learner run at the same time on their own threads, joined by the replay buffer (under a lock)
/// and a bounded queue of reanalysed batches. Self-play and reanalysis keep their own copies of the
/// networks and load the learner's weights when a new snapshot is published (every
/// `selfPlayUpdateInterval` / `targetUpdateInterval` training steps), so no module is shared
/// between threads. Not deterministic: thread timing decides which data each batch sees.
final class PipelineState<Frame: TensorElement>: @unchecked Sendable {
  // @unchecked Sendable: every mutable field is read and written only while `condition` is locked.
  let condition = NSCondition()
  var batches: [(keys: [ReplayKey], batch: TrainingBatch)] = []
  var trainingStep = 0
  var stopping = false
  var failure: (any Error)?
  var selfPlaySnapshot: (version: Int, state: [(name: String, tensor: Tensor)])
  var targetSnapshot: (version: Int, state: [(name: String, tensor: Tensor)])

  init(initial: [(name: String, tensor: Tensor)]) {
    selfPlaySnapshot = (0, initial)
    targetSnapshot = (0, initial)
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
    while replay.moveCount < config.startTransitions && selfPlay.environmentSteps < config.maxEnvironmentSteps {
      try collectOneStep(randomActions: true)
    }
    guard replay.moveCount >= config.startTransitions else {
      throw TrainingError("only \(replay.moveCount) moves were collected, fewer than start_transitions \(config.startTransitions)")
    }
    let startedAt = trainingStartedAt ?? selfPlay.environmentSteps
    trainingStartedAt = startedAt
    markTrainingStart()
    let state = PipelineState<Env.Scalar>(initial: try snapshot(learner.network))
    state.trainingStep = learner.step
    state.targetSnapshot = (0, try snapshot(learner.target))
    let streamBase = RunSeeds(config.seed).concurrentStreams(atStep: learner.step)
    // Threads share the trainer only through `state` and the replay lock, both synchronised.
    nonisolated(unsafe) let trainer = self
    let threads = DispatchGroup()

    spawn("self-play", threads) {
      var version = 0
      while true {
        let (stop, step, update) = state.locked { () -> (Bool, Int, (Int, [(name: String, tensor: Tensor)])?) in
          while !state.stopping
            && !trainer.config.mayCollect(
              environmentSteps: trainer.selfPlay.environmentSteps, trainingSteps: state.trainingStep, trainingStartedAt: startedAt)
            && trainer.selfPlay.environmentSteps < trainer.config.maxEnvironmentSteps
          {
            state.condition.wait()
          }
          let snap = state.selfPlaySnapshot
          let done = state.stopping || trainer.selfPlay.environmentSteps >= trainer.config.maxEnvironmentSteps
          return (done, state.trainingStep, snap.version != version ? snap : nil)
        }
        if stop { return }
        do {
          if let (v, weights) = update {
            try trainer.selfPlay.network.load(stateDict: weights)
            version = v
          }
          let (segments, finished) = try trainer.selfPlay.step(
            trainingStep: step, temperature: trainer.config.temperature(atTrainingStep: step), randomActions: false)
          state.locked {
            for s in segments { trainer.replay.add(s) }
            trainer.appendEpisodes(finished)
            trainer.publishCollected()
          }
        } catch {
          state.fail(error)
          return
        }
      }
    }

    for worker in 0..<reanalyzeWorkers {
      spawn("reanalyze \(worker)", threads) {
        do {
          let target = try EfficientZeroNetwork(trainer.config.network)
          target.eval()
          var reanalyzer = Reanalyzer<Env.Scalar>(
            config: trainer.config.targets, search: trainer.config.search, chunkSize: trainer.config.reanalyzeChunk,
            seed: streamBase &+ 100 &+ UInt64(worker))
          reanalyzer.reusesSearches = trainer.config.reanalyzeReuse
          var sampler = SearchRandom(seed: streamBase &+ 200 &+ UInt64(worker))
          var version = -1
          while true {
            let job = state.locked { () -> (keys: [ReplayKey], segments: [GameSegment<Env.Scalar>], weights: [Float], step: Int, update: (Int, [(name: String, tensor: Tensor)])?)? in
              while !state.stopping && state.batches.count >= queueCapacity { state.condition.wait() }
              if state.stopping { return nil }
              let beta = trainer.config.priorityBeta(atTrainingStep: state.trainingStep)
              let (keys, weights) = trainer.replay.sample(count: trainer.config.batchSize, beta: beta, using: &sampler)
              let snap = state.targetSnapshot
              return (keys, keys.map { trainer.replay.segment($0.segment) }, weights, state.trainingStep, snap.version != version ? snap : nil)
            }
            guard let job else { return }
            if let (v, weights) = job.update {
              try target.load(stateDict: weights)
              version = v
            }
            let batch = try reanalyzer.makeBatch(
              keys: job.keys, segments: job.segments, weights: job.weights, target: target, now: job.step,
              targetVersion: version, frameShape: trainer.frameShape)
            state.locked {
              state.batches.append((job.keys, batch))
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
      let begin = clock.now
      let report = try learner.train(on: next.batch)
      phases.learner += (clock.now - begin).seconds
      let publishSelfPlay = learner.step % config.selfPlayUpdateInterval == 0
      let publishTarget = report.targetUpdated
      let weights = (publishSelfPlay || publishTarget) ? try snapshot(learner.network) : nil
      state.locked {
        replay.updatePriorities(next.keys, report.priorities)
        state.trainingStep = learner.step
        if publishSelfPlay, let weights { state.selfPlaySnapshot = (state.selfPlaySnapshot.version + 1, weights) }
        if publishTarget, let weights { state.targetSnapshot = (state.targetSnapshot.version + 1, weights) }
        state.condition.broadcast()
      }
      if let due = state.locked({ accumulate(report) }) { try progress(due) }
    }
    if let failure = state.locked({ state.failure }) { throw failure }
  }
}
