import Foundation

extension Experiment {
  /// The experiment as an experiment file (what `Experiment(yaml:)` reads back to the same value).
  public var yaml: String {
    func quoted(_ text: String) -> String {
      "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
    func mapping(_ pairs: [KeyValue]) -> String {
      "{" + pairs.map { "\($0.key): \(quoted($0.value))" }.joined(separator: ", ") + "}"
    }
    var lines: [String] = []
    if let question { lines.append("question: \(quoted(question))") }
    lines.append("preset: \(preset.rawValue)")
    lines.append("games: [" + games.map(quoted).joined(separator: ", ") + "]")
    lines.append("seeds: [" + seeds.map(String.init).joined(separator: ", ") + "]")
    if !settings.isEmpty { lines.append("settings: \(mapping(settings))") }
    lines.append("variants:")
    for variant in variants {
      lines.append("  - name: \(quoted(variant.name))")
      if !variant.settings.isEmpty { lines.append("    settings: \(mapping(variant.settings))") }
    }
    var budget: [String] = []
    if let trainingSteps { budget.append("training_steps: \(trainingSteps)") }
    if let step = stopRule.trainingStep { budget.append("stop_at_step: \(step)") }
    if let minutes = stopRule.wallMinutes { budget.append("minutes: \(minutes)") }
    if let goal = stopRule.goalReturn { budget.append("goal: \(goal)") }
    if !budget.isEmpty { lines.append("budget: {" + budget.joined(separator: ", ") + "}") }
    var evaluation = ["every: \(evaluationEvery)"]
    if let evaluationEpisodes { evaluation.append("episodes: \(evaluationEpisodes)") }
    lines.append("evaluation: {" + evaluation.joined(separator: ", ") + "}")
    return lines.joined(separator: "\n") + "\n"
  }
}
