#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Dispatch
import Synchronization

/// SIGINT and SIGTERM as a request to stop: the training loop checks `isRequested` between steps,
/// writes its checkpoint and exits 0. A second signal ends the process at once.
final class StopSignal: @unchecked Sendable {
  // @unchecked: `sources` is written only by the owning thread (init, release); the count is atomic.
  private let count = Atomic<Int>(0)
  private var sources: [any DispatchSourceSignal] = []

  init(onFirstSignal: @escaping @Sendable () -> Void) {
    for number in [SIGINT, SIGTERM] {
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler { [weak self] in
        guard let self else { return }
        if self.count.add(1, ordering: .sequentiallyConsistent).newValue == 1 {
          onFirstSignal()
        } else {
          signal(number, SIG_DFL)
          raise(number)
        }
      }
      source.resume()
      sources.append(source)
    }
  }

  var isRequested: Bool { count.load(ordering: .sequentiallyConsistent) > 0 }

  /// Gives the signals back their default action (ending the process), e.g. once training is over.
  func release() {
    for source in sources { source.cancel() }
    sources = []
    for number in [SIGINT, SIGTERM] { signal(number, SIG_DFL) }
  }

  deinit { release() }
}
