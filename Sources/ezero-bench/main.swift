import Benchmarks
import Torch
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

// `ezero-bench ...` is `ezero bench ...`: the benchmarks apart from the user's commands.
// Figures must reach a log file or pipe as they are printed.
setvbuf(stdout, nil, _IOLBF, 0)
Torch.keepFreedMemory()
BenchCommand.main()
