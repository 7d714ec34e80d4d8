import Benchmarks

// `ezero-bench ...` is `ezero bench ...`: the benchmarks apart from the user's commands.
BenchCommand.main()
