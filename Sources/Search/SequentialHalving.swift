/// The visit schedule of Sequential Halving at the root of the Gumbel search (Karnin et al., 2013, as
/// Gumbel MuZero uses it): the considered actions are visited in rounds, the budget split evenly over
/// log2(m) phases, and each phase keeps the better half (at least 2). Simulation k goes to a considered
/// action whose visit count equals entry k of the schedule.
public enum SequentialHalving {
  /// For m considered actions and n simulations, the visit count an action must have to be visited by
  /// simulation k = 0..<n. With m <= 1 the schedule is 0, 1, 2, ... (one action takes every simulation).
  public static func consideredVisits(maxConsidered m: Int, simulations n: Int) -> [Int] {
    precondition(m >= 0 && n >= 0, "the number of actions and simulations cannot be negative")
    if m <= 1 { return Array(0..<n) }
    var phases = 0  // ceil(log2 m)
    while (1 << phases) < m { phases += 1 }
    var schedule: [Int] = []
    schedule.reserveCapacity(n + m)
    var visits = [Int](repeating: 0, count: m)
    var considered = m
    while schedule.count < n {
      let rounds = max(1, n / (phases * considered))
      for _ in 0..<rounds {
        schedule += visits[0..<considered]
        for i in 0..<considered { visits[i] += 1 }
      }
      considered = max(2, considered / 2)
    }
    return Array(schedule.prefix(n))
  }

  /// Schedules for every number of considered actions 0...m, row c for c actions: a root with fewer
  /// legal actions than m considers them all.
  static func table(maxConsidered m: Int, simulations n: Int) -> [[Int]] {
    (0...m).map { consideredVisits(maxConsidered: $0, simulations: n) }
  }
}
