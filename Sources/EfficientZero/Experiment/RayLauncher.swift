import Foundation

/// Runs on a Ray cluster: each run is a Ray job (Jobs API) whose entrypoint is the run's `ezero`
/// command, placed by Ray on a node with `cpusPerRun` CPUs and `gpusPerRun` GPUs. Only as many
/// jobs are submitted as the cluster's resources hold (Ray fails a job that waits too long for
/// resources), the rest queue here. A job that fails or is lost (its process killed, its node
/// gone) is submitted again, up to `maxRetries` times, and continues from its last checkpoint;
/// a stop request stops the jobs (their `ezero` gets SIGTERM: checkpoint, exit 0).
/// The output folder must be shared storage that every node sees: `checkSharedStorage` proves it.
public struct RayLauncher: Launcher {
  public let client: RayJobsClient
  /// `ezero` on the nodes (the same path on every node).
  public let executable: String
  public let cpusPerRun: Double
  public let gpusPerRun: Double
  public let maxRetries: Int
  public var pollSeconds = 1.0
  public var tableSeconds = 30.0
  /// How long Ray waits between a stop's SIGTERM and its SIGKILL: time for a run to end its step and
  /// write its checkpoint (Ray's default, 3 s, is shorter than a checkpoint of an Atari run).
  public var stopWaitSeconds = 600

  public init(client: RayJobsClient, executable: String, cpusPerRun: Double = 1, gpusPerRun: Double = 0, maxRetries: Int = 2) {
    self.client = client
    self.executable = executable
    self.cpusPerRun = cpusPerRun
    self.gpusPerRun = gpusPerRun
    self.maxRetries = maxRetries
  }

  /// Checks that the cluster answers and that a job on it sees `output`: a probe job copies a file
  /// the launcher wrote there into a second one, which the launcher then reads.
  public func checkSharedStorage(_ output: URL, timeoutSeconds: Double = 120) throws {
    _ = try client.version()
    let token = UUID().uuidString
    let folder = output.appendingPathComponent(".cluster-probe")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let written = folder.appendingPathComponent("\(token).in")
    let answered = folder.appendingPathComponent("\(token).out")
    try token.write(to: written, atomically: true, encoding: .utf8)
    let id = "ezero-probe-\(token.prefix(8).lowercased())"
    try client.submit(id: id, entrypoint: "cat \(Self.quoted(written.path)) > \(Self.quoted(answered.path))", cpus: 0, gpus: 0)
    let deadline = Date().addingTimeInterval(timeoutSeconds)
    var job = try client.job(id)
    while !job.status.isTerminal {
      guard Date() < deadline else {
        try? client.stop(id)
        throw ClusterError("the storage probe job \(id) did not finish within \(Int(timeoutSeconds)) s")
      }
      Thread.sleep(forTimeInterval: 0.5)
      job = try client.job(id)
    }
    let seen = try? String(contentsOf: answered, encoding: .utf8)
    guard job.status == .succeeded, seen == token else {
      throw ClusterError(
        "--output \(output.path) is not shared storage that the cluster's nodes see: a probe job could not read "
          + "a file written there (job \(id): \(job.status.rawValue), \(job.message.prefix(300))). Use a folder on a file system "
          + "every node mounts at the same path")
    }
  }

  /// One try of a run on the cluster.
  private struct Try {
    let run: PlannedRun
    let id: String
    let attempt: Int
  }

  public func launch(_ runs: [PlannedRun], events: LaunchEvents, shouldStop: @escaping () -> Bool) throws -> LaunchSummary {
    var summary = LaunchSummary()
    var queue = runs.map { (run: $0, attempt: 1) }[...]
    var inFlight: [Try] = []
    var stopping = false
    var capacity = try self.capacity(waitSeconds: 60)
    var lastTable = Date()
    var lastCapacityCheck = Date()
    while !queue.isEmpty || !inFlight.isEmpty {
      if !stopping && shouldStop() {
        stopping = true
        for flight in inFlight { try? client.stop(flight.id) }
        summary.notStarted += queue.map(\.run)
        queue = []
      }
      if Date().timeIntervalSince(lastCapacityCheck) > tableSeconds, let now = try? self.capacity() {
        capacity = now
        lastCapacityCheck = Date()
      }
      while !stopping && inFlight.count < capacity, let next = queue.popFirst() {
        let id = Self.submissionID(next.run, attempt: next.attempt)
        do {
          try client.submit(
            id: id, entrypoint: entrypoint(next.run), cpus: cpusPerRun, gpus: gpusPerRun,
            environment: ["RAY_JOB_STOP_WAIT_TIME_S": "\(stopWaitSeconds)"],
            metadata: ["ezero_run": next.run.label, "attempt": "\(next.attempt)"])
          inFlight.append(Try(run: next.run, id: id, attempt: next.attempt))
          events.started(next.run)
        } catch {
          summary.failed.append(next.run)
          events.failed(next.run, -1, "\(error)")
        }
      }
      var still: [Try] = []
      for flight in inFlight {
        guard let job = try? client.job(flight.id), job.status.isTerminal else {
          still.append(flight)
          continue
        }
        if let report = try? EvaluationReport.read(from: flight.run.directory) {
          summary.finished.append(flight.run)
          events.finished(flight.run, report)
        } else if stopping {
          summary.stopped.append(flight.run)
          events.stopped(flight.run)
        } else if flight.attempt <= maxRetries {
          let reason = "\(job.status.rawValue): \(job.message.split(separator: "\n").first ?? "")"
          events.retried(flight.run, flight.attempt + 1, reason)
          queue.append((flight.run, flight.attempt + 1))
        } else {
          summary.failed.append(flight.run)
          events.failed(flight.run, 1, RunLog.tail(of: flight.run) + "\n(Ray: \(job.status.rawValue), \(job.message.prefix(300)))")
        }
      }
      inFlight = still
      if Date().timeIntervalSince(lastTable) >= tableSeconds && !inFlight.isEmpty {
        lastTable = Date()
        events.table(
          "ray: \(queue.count) queued, \(inFlight.count) running, \(summary.finished.count) finished, \(summary.failed.count) failed\n"
            + RunProgressReader.lines(inFlight.map(\.run)))
      }
      if !inFlight.isEmpty || !queue.isEmpty { Thread.sleep(forTimeInterval: pollSeconds) }
    }
    return summary
  }

  /// How many runs the cluster holds at once by its resources now.
  func capacity(waitSeconds: Double = 0) throws -> Int {
    var (cpus, gpus) = try client.resources()
    // A cluster that has just started reports no resources for a few seconds.
    let deadline = Date().addingTimeInterval(waitSeconds)
    while cpus == 0 && gpus == 0 && Date() < deadline {
      Thread.sleep(forTimeInterval: 1)
      (cpus, gpus) = try client.resources()
    }
    var count = cpusPerRun > 0 ? Int((cpus / cpusPerRun).rounded(.down)) : Int.max
    if gpusPerRun > 0 { count = min(count, Int((gpus / gpusPerRun).rounded(.down))) }
    guard count >= 1 else {
      throw ClusterError(
        "the cluster has \(cpus) CPUs and \(gpus) GPUs: no run fits \(cpusPerRun) CPUs and \(gpusPerRun) GPUs; "
          + "lower --cpus-per-run / --gpus-per-run or add nodes")
    }
    return count
  }

  /// The job's shell command: the run's folder, then `ezero` itself (exec, so that Ray's SIGTERM
  /// reaches it), its output appended to the run's train.log as the local launcher does.
  func entrypoint(_ run: PlannedRun) -> String {
    "mkdir -p \(Self.quoted(run.directory.path)) && exec " + ([executable] + run.arguments).map(Self.quoted).joined(separator: " ")
      + " >> \(Self.quoted(RunLog.url(of: run).path)) 2>&1"
  }

  static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

  /// A new id per try (Ray keeps the ids of finished jobs): the run, the try and a random tail.
  static func submissionID(_ run: PlannedRun, attempt: Int) -> String {
    let slug = "\(run.game)-\(run.variant)-s\(run.seed)".lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }
    return "ezero-\(String(slug))-try\(attempt)-\(UUID().uuidString.prefix(8).lowercased())"
  }
}
