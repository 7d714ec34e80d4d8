import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A Ray cluster that cannot be reached or refuses a request.
public struct ClusterError: Error, CustomStringConvertible {
  public let description: String
  public init(_ description: String) { self.description = description }
}

/// Ray's Jobs API over HTTP (the dashboard's `/api/jobs/`): submit, follow, stop and read the logs
/// of jobs, and read the cluster's resources. With a token (`RAY_AUTH_TOKEN`), every request
/// carries it as `Authorization: Bearer`.
public struct RayJobsClient: Sendable {
  public let address: URL
  public let token: String?
  /// Seconds before a request counts as failed.
  public var timeout = 30.0

  public init(address: URL, token: String? = ProcessInfo.processInfo.environment["RAY_AUTH_TOKEN"]) {
    self.address = address
    self.token = token
  }

  public enum JobStatus: String, Sendable {
    case pending = "PENDING", running = "RUNNING", stopped = "STOPPED", succeeded = "SUCCEEDED", failed = "FAILED"
    public var isTerminal: Bool { self == .stopped || self == .succeeded || self == .failed }
  }

  public struct Job: Sendable {
    public var status: JobStatus
    public var message: String
  }

  /// The cluster's Ray version; the first request, so an unreachable address fails here clearly.
  public func version() throws -> String {
    let json = try request("GET", "api/version")
    guard let version = json["ray_version"] as? String else { throw ClusterError("\(address) did not answer as a Ray dashboard") }
    return version
  }

  /// The cluster's total CPUs and GPUs (Ray's logical resources; GPUs 0 where none).
  public func resources() throws -> (cpus: Double, gpus: Double) {
    let json = try request("GET", "api/cluster_status")
    let usage = ((json["data"] as? [String: Any])?["clusterStatus"] as? [String: Any])?["loadMetricsReport"] as? [String: Any]
    let totals = usage?["usage"] as? [String: Any]
    func total(_ name: String) -> Double { ((totals?[name] as? [Any])?.last as? Double) ?? 0 }
    guard totals != nil else { throw ClusterError("\(address): the cluster status has no resource figures") }
    return (total("CPU"), total("GPU"))
  }

  /// Submits a job that runs `entrypoint` (a shell command) on a node with these resources.
  /// `environment` reaches the job's processes and Ray's supervisor of the job (which reads
  /// `RAY_JOB_STOP_WAIT_TIME_S` from it).
  public func submit(
    id: String, entrypoint: String, cpus: Double, gpus: Double, environment: [String: String] = [:], metadata: [String: String] = [:]
  ) throws {
    var body: [String: Any] = ["entrypoint": entrypoint, "submission_id": id, "entrypoint_num_cpus": cpus, "metadata": metadata]
    if !environment.isEmpty { body["runtime_env"] = ["env_vars": environment] }
    if gpus > 0 { body["entrypoint_num_gpus"] = gpus }
    _ = try request("POST", "api/jobs/", body: body)
  }

  public func job(_ id: String) throws -> Job {
    let json = try request("GET", "api/jobs/\(id)")
    guard let text = json["status"] as? String, let status = JobStatus(rawValue: text) else {
      throw ClusterError("job \(id): no status in the answer")
    }
    return Job(status: status, message: json["message"] as? String ?? "")
  }

  public func stop(_ id: String) throws { _ = try request("POST", "api/jobs/\(id)/stop") }

  public func logs(_ id: String) throws -> String { try request("GET", "api/jobs/\(id)/logs")["logs"] as? String ?? "" }

  /// One request; the answer's JSON object. Transport failures and non-2xx answers are `ClusterError`s.
  func request(_ method: String, _ path: String, body: [String: Any]? = nil) throws -> [String: Any] {
    var request = URLRequest(url: address.appendingPathComponent(path), timeoutInterval: timeout)
    request.httpMethod = method
    if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
    if let body {
      request.setValue("application/json", forHTTPHeaderField: "Content-Type")
      request.httpBody = try JSONSerialization.data(withJSONObject: body)
    }
    let answer = Answer()
    let done = DispatchSemaphore(value: 0)
    URLSession.shared.dataTask(with: request) { data, response, error in
      answer.set(data, (response as? HTTPURLResponse)?.statusCode, error)
      done.signal()
    }.resume()
    done.wait()
    let (data, status, error) = answer.get()
    if let error { throw ClusterError("cannot reach Ray at \(address) (\(method) /\(path)): \(error.localizedDescription)") }
    guard let status, (200..<300).contains(status) else {
      let text = data.flatMap { String(data: $0, encoding: .utf8) } ?? ""
      throw ClusterError("Ray at \(address) refused \(method) /\(path) (HTTP \(status ?? 0)): \(text.suffix(500))")
    }
    guard let data, let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
      throw ClusterError("Ray at \(address): \(method) /\(path) did not answer JSON")
    }
    return json
  }

  /// The answer of one request, handed from URLSession's queue to the waiting thread.
  private final class Answer: @unchecked Sendable {
    private let lock = NSLock()
    private var value: (Data?, Int?, (any Error)?) = (nil, nil, nil)
    func set(_ data: Data?, _ status: Int?, _ error: (any Error)?) { lock.withLock { value = (data, status, error) } }
    func get() -> (Data?, Int?, (any Error)?) { lock.withLock { value } }
  }
}
