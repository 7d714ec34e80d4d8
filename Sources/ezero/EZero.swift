import ArgumentParser
import Benchmarks
#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation
import Logging
import Torch

@main
struct EZero: ParsableCommand {
  static func main() {
    // Progress lines must reach a log file or pipe as they happen.
    setvbuf(stdout, nil, _IOLBF, 0)
    Torch.keepFreedMemory()
    LoggingSystem.bootstrap(StreamLogHandler.standardError)
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      // Our own failures get one line and a code from the table in ExitStatus; the argument
      // parser's (usage, --help) its own formatting.
      if let code = ExitStatus.code(for: error) {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        Glibc.exit(code)
      }
      exit(withError: error)
    }
  }

  static let configuration = CommandConfiguration(
    commandName: "ezero",
    abstract: "EfficientZero in Swift: train, evaluate and benchmark MCTS agents with learned models.",
    discussion: ExitStatus.table,
    subcommands: [
      TrainCommand.self, EvalCommand.self, ReportCommand.self, ExperimentCommand.self, AblateCommand.self, Analyze.self, GamesCommand.self, DevicesCommand.self,
      BenchCommand.self,
    ])
}
