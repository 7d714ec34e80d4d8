#if canImport(Glibc)
import Glibc
#endif
import EfficientZero

/// The median of `values` (the mean of the two middle ones for an even count).
func median(_ values: [Double]) -> Double {
  let sorted = values.sorted()
  guard !sorted.isEmpty else { return .nan }
  let middle = sorted.count / 2
  return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/// The median of `repeats` (at least one) measurements.
func median(repeats: Int, _ measure: () throws -> Double) rethrows -> Double {
  median(try (0..<max(1, repeats)).map { _ in try measure() })
}

/// The median wall time of `body` in milliseconds over `repeats` runs, after `warmup` untimed ones.
func medianMilliseconds(repeats: Int, warmup: Int, _ body: () throws -> Void) rethrows -> Double {
  for _ in 0..<warmup { try body() }
  let clock = ContinuousClock()
  return median(try (0..<max(1, repeats)).map { _ in try clock.measure(body).seconds * 1e3 })
}

/// CPU seconds this thread has used (a figure the machine's other load does not inflate).
func threadCPUSeconds() -> Double {
  var now = timespec()
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
  return Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9
}

/// `count` operations per second of this thread's CPU time spent in `body`.
func cpuRate(_ count: Int, _ body: () throws -> Void) rethrows -> Double {
  let start = threadCPUSeconds()
  try body()
  return Double(count) / (threadCPUSeconds() - start)
}

/// `count` operations per second of wall time spent in `body` (for work spread over threads).
func wallRate(_ count: Int, _ body: () throws -> Void) rethrows -> Double {
  Double(count) / (try ContinuousClock().measure(body).seconds)
}

/// Reads the wall clock and this thread's CPU clock at creation; `elapsed()` gives seconds of each since.
struct Stopwatch {
  private let wall = ContinuousClock.now
  private let cpu = threadCPUSeconds()

  func elapsed() -> (wall: Double, cpu: Double) {
    ((ContinuousClock.now - wall).seconds, threadCPUSeconds() - cpu)
  }
}
