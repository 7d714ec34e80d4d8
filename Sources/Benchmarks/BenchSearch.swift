import ArgumentParser
import EfficientZero
import Foundation
import Search

/// Simulations per second of the batched search's tree operations on one thread, with a stand-in model whose
/// own time is measured and subtracted. Reported per wall-clock second and per second of the thread's CPU time
/// (the two agree on an idle machine; the second is the fairer figure when other processes share the cores).
struct BenchSearch: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "search",
    abstract: "Simulations per second of the batched MCTS (tree operations only, one thread).")

  @Option(name: .customLong("batch"), help: "Roots per search; repeat for several sizes (default: 256, 1, 1536).")
  var batches: [Int] = []

  @Option(help: "Simulations per search.")
  var simulations = 50

  @Option(help: "Actions per node.")
  var actions = 18

  @Option(help: "Timed samples per batch size after the warm-up; the median is reported (at least 5).")
  var repeats = 7

  @Flag(help: "Use root noise: the paper's Dirichlet (0.3, fraction 0.25) for PUCT, Gumbel draws for Gumbel.")
  var noise = false

  @Option(help: "puct (the paper's search) or gumbel (printed beside PUCT at the same settings).")
  var algorithm = "puct"

  mutating func validate() throws {
    guard repeats >= 5 else { throw ValidationError("--repeats must be at least 5") }
    guard simulations >= 1, actions >= 1 else { throw ValidationError("need at least one simulation and action") }
    guard batches.allSatisfy({ $0 >= 1 }) else { throw ValidationError("--batch must be positive") }
    guard SearchAlgorithmChoice(rawValue: algorithm) != nil else {
      throw ValidationError("--algorithm must be puct or gumbel, got '\(algorithm)'")
    }
  }

  func run() throws {
    if algorithm == SearchAlgorithmChoice.gumbel.rawValue { return runGumbel() }
    let sizes = batches.isEmpty ? [256, 1, 1536] : batches
    let configuration = SearchConfig.puct(PUCTSettings(rootNoise: noise ? .efficientZero : nil), simulations: simulations)
    let bytesPerNode = BatchedSearch.bytesPerNode(actionCount: actions)
    print(
      "search: \(simulations) simulations, \(actions) actions, one thread, whole-tree min-max, "
        + "stand-in model time subtracted; median of \(repeats) samples after warm-up")
    print("  anchors on this machine (256 roots): C++ reference tree ~62,000 sims/s, LightZero's ~100,000-120,000")
    for rootCount in sizes {
      let result = measure(rootCount: rootCount, configuration: configuration)
      let megabytes = Double(bytesPerNode * rootCount * (simulations + 1)) / 1_048_576
      var line = "  B=\(rootCount):".padding(toLength: 10)
      line += "\(Self.grouped(result.treeRate)) sims/s".padding(toLength: 20, left: true)
      line += "  (\(Self.grouped(result.cpuRate)) per CPU second; with the stand-in model "
      line += "\(Self.grouped(result.totalRate)) sims/s; tree storage \(Self.rounded(megabytes, 1)) MB)"
      if rootCount == 256 && simulations == 50 && actions == 18 {
        line += "  " + BenchmarkTargets.verdict(result.treeRate, atLeast: BenchmarkTargets.searchSimulationsPerSecond, "1,000,000")
      }
      print(line)
    }
    print("  storage: \(bytesPerNode) bytes per node (node fields + \(actions) edges), allocated once and reused")
  }

  /// The Gumbel search beside PUCT, same roots, simulations and actions.
  private func runGumbel() {
    let sizes = batches.isEmpty ? [256, 1] : batches
    let puct = SearchConfig.puct(PUCTSettings(rootNoise: noise ? .efficientZero : nil), simulations: simulations)
    let settings = GumbelSettings(drawsGumbel: noise)
    let gumbel = SearchConfig.gumbel(settings, simulations: simulations)
    print(
      "search: \(simulations) simulations, \(actions) actions, one thread, m = \(settings.maxConsideredActions), "
        + "stand-in model time subtracted; median of \(repeats) samples after warm-up")
    for rootCount in sizes {
      let g = measure(rootCount: rootCount, configuration: gumbel)
      let p = measure(rootCount: rootCount, configuration: puct)
      var line = "  B=\(rootCount):".padding(toLength: 10)
      line += "gumbel \(Self.grouped(g.treeRate)) sims/s".padding(toLength: 27, left: true)
      line += "  (\(Self.grouped(g.cpuRate)) per CPU second)   puct \(Self.grouped(p.treeRate)) sims/s"
      line += String(format: "   gumbel/puct %.2f", g.treeRate / p.treeRate)
      if rootCount == 256 {
        line += "  " + BenchmarkTargets.verdict(g.treeRate, atLeast: BenchmarkTargets.searchSimulationsPerSecond, "1,000,000")
      }
      print(line)
    }
  }

  private func measure(rootCount: Int, configuration: SearchConfig)
    -> (treeRate: Double, cpuRate: Double, totalRate: Double)
  {
    let simulationsPerSearch = rootCount * configuration.simulations
    // Enough searches per sample that one sample lasts tens of milliseconds even for a single root.
    let searchesPerSample = max(1, 200_000 / simulationsPerSearch)
    var model = StandInModel(rootCount: rootCount, simulations: configuration.simulations, actionCount: actions)
    let roots = model.roots
    var search = BatchedSearch()
    var treeRates: [Double] = []
    var cpuRates: [Double] = []
    var totalRates: [Double] = []
    var seed: UInt64 = 0
    for sample in -2..<repeats {  // two warm-up samples
      model.elapsed = .zero
      let start = Stopwatch()
      for _ in 0..<searchesPerSample {
        seed += 1
        search.run(roots: roots, model: &model, configuration: configuration, seed: seed)
      }
      let total = start.elapsed()
      guard sample >= 0 else { continue }
      let simulationsDone = Double(simulationsPerSearch * searchesPerSample)
      let treeRate = simulationsDone / (total.wall - model.elapsed.seconds)
      treeRates.append(treeRate)
      // The share of the core this thread got during the sample turns wall seconds into CPU seconds.
      cpuRates.append(treeRate * total.wall / total.cpu)
      totalRates.append(simulationsDone / total.wall)
    }
    return (median(treeRates), median(cpuRates), median(totalRates))
  }
}

/// A model of negligible cost: hashed latent "states" per slot, a running value prefix, and policy logits
/// taken from a fixed random table; it times itself so the bench can subtract it.
private struct StandInModel: SearchModel {
  let rootCount: Int
  let actionCount: Int
  private var latent: [UInt64]
  private var prefix: [Float]
  private let logitTable: [Float]
  private let tableRows = 1024
  /// Wall-clock time spent inside `recurrent` (the cheap monotonic clock, read twice per call).
  var elapsed: Duration = .zero
  private let clock = ContinuousClock()

  init(rootCount: Int, simulations: Int, actionCount: Int) {
    self.rootCount = rootCount
    self.actionCount = actionCount
    latent = (0..<(simulations + 1) * rootCount).map { UInt64($0) &* 0x9E37_79B9_7F4A_7C15 }
    prefix = Array(repeating: 0, count: (simulations + 1) * rootCount)
    var random = SearchRandom(seed: 42)
    logitTable = (0..<tableRows * actionCount).map { _ in Float(random.unitInterval() * 6 - 3) }
  }

  var roots: SearchRoots {
    SearchRoots(
      count: rootCount, actionCount: actionCount,
      policyLogits: (0..<rootCount).flatMap { root in
        logitTable[(root % tableRows) * actionCount..<(root % tableRows + 1) * actionCount]
      },
      values: (0..<rootCount).map { Float($0 % 7) / 7 - 0.5 })
  }

  mutating func recurrent(_ leaves: LeafBatch, into evaluations: inout LeafEvaluations) {
    let start = clock.now
    for root in 0..<leaves.count {
      let from = leaves.parentSlots[root] * rootCount + root
      let to = leaves.newSlot * rootCount + root
      var hash = latent[from] ^ UInt64(leaves.actions[root] + 1) &* 0xBF58_476D_1CE4_E5B9
      hash ^= hash >> 31
      latent[to] = hash
      let reward = Float(hash & 0xFF) / 255 - 0.5
      prefix[to] = (leaves.resetsValuePrefix[root] ? 0 : prefix[from]) + reward
      evaluations.valuePrefixes[root] = prefix[to]
      evaluations.values[root] = Float((hash >> 8) & 0xFFFF) / 65535 * 2 - 1
      let row = Int((hash >> 24) % UInt64(tableRows)) * actionCount
      for action in 0..<actionCount {
        evaluations.policyLogits[root * actionCount + action] = logitTable[row + action]
      }
    }
    elapsed += clock.now - start
  }
}

extension BenchSearch {
  /// 1234567.8 -> "1,234,568".
  fileprivate static func grouped(_ value: Double) -> String {
    var digits = String(Int(value.rounded()))
    var result = ""
    while digits.count > 3 {
      result = "," + digits.suffix(3) + result
      digits.removeLast(3)
    }
    return digits + result
  }

  fileprivate static func rounded(_ value: Double, _ places: Int) -> String {
    var scale = 1.0
    for _ in 0..<places { scale *= 10 }
    let scaled = Int((value * scale).rounded())
    let whole = scaled / Int(scale)
    let fraction = String(scaled % Int(scale))
    return "\(whole)." + String(repeating: "0", count: places - fraction.count) + fraction
  }
}

extension String {
  fileprivate func padding(toLength length: Int, left: Bool = false) -> String {
    guard count < length else { return self }
    let pad = String(repeating: " ", count: length - count)
    return left ? pad + self : self + pad
  }
}
