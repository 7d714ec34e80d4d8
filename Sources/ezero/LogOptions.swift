import ArgumentParser
import Logging

/// `--log-level`, shared by the commands that print messages; messages go to standard error,
/// results and progress to standard output.
struct LogOptions: ParsableArguments {
  @Option(help: "Message level: trace, debug, info, notice, warning, error, critical.")
  var logLevel: Logger.Level = .info

  func makeLogger() -> Logger {
    var logger = Logger(label: "ezero")
    logger.logLevel = logLevel
    return logger
  }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
