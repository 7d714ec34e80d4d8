import Foundation
import Search
import Testing
@testable import EfficientZero

/// Every config key is explained by `ezero train --help-keys`, and every field a preset sets has a key.
struct ConfigKeyTests {
  @Test func everyKeyIsDeclaredOnceWithAMeaning() {
    #expect(TrainingConfig.keys.count == Set(TrainingConfig.keys).count)
    for key in TrainingConfig.configKeys {
      #expect(key.meaning.count >= 10, "\(key.name) has no meaning")
    }
  }

  /// Each key reads back what it wrote: the resolved description is a fixed point of the parser.
  @Test(arguments: Preset.allCases) func everyKeyReadsBackItsValue(_ preset: Preset) throws {
    let config = preset.config
    for key in TrainingConfig.configKeys {
      var copy = TrainingConfig()
      try key.set(&copy, key.get(config))
      #expect(key.get(copy) == key.get(config), "\(key.name)")
    }
  }

  /// Operational keys are the ones a resume may change: they move together and nothing else moves.
  @Test func theOperationalKeysAreThoseDeclaredSo() {
    #expect(TrainingConfig.operationalKeys.contains("threads") && TrainingConfig.operationalKeys.contains("concurrent"))
    #expect(!TrainingConfig.operationalKeys.contains("td_steps"))
    #expect(TrainingConfig.operationalKeys == Set(TrainingConfig.configKeys.filter { $0.origin == .operational }.map(\.name)))
  }

  /// `channels_last: auto` is channels-last on CUDA and on AVX-512 CPUs only; true and false are what they say.
  @Test func channelsLastAutoFollowsTheCPU() throws {
    #expect(ChannelsLastChoice.auto.resolved(device: .cpu, cpuCapability: "AVX512"))
    #expect(!ChannelsLastChoice.auto.resolved(device: .cpu, cpuCapability: "AVX2"))
    #expect(!ChannelsLastChoice.auto.resolved(device: .cpu, cpuCapability: "DEFAULT"))
    #expect(ChannelsLastChoice.auto.resolved(device: .cuda(0), cpuCapability: "AVX2"))
    #expect(ChannelsLastChoice.on.resolved(device: .cpu, cpuCapability: "AVX2"))
    #expect(!ChannelsLastChoice.off.resolved(device: .cpu, cpuCapability: "AVX512"))
    var c = Preset.atariCPU.config
    #expect(c.channelsLast == .auto)
    try c.set("channels_last", to: "false")
    #expect(c.channelsLast == .off && !c.usesChannelsLast)
    #expect(throws: ConfigError.self) { try c.set("channels_last", to: "sometimes") }
  }

  /// `amp: auto` is bfloat16 only on uncapped AVX-512 CPUs that compute it natively; true and false are what they say.
  @Test func ampAutoFollowsTheCPU() throws {
    #expect(AmpChoice.auto.resolved(device: .cpu, cpuCapability: "AVX512", cpuHasNativeBFloat16: true))
    #expect(!AmpChoice.auto.resolved(device: .cpu, cpuCapability: "AVX512", cpuHasNativeBFloat16: false))
    #expect(!AmpChoice.auto.resolved(device: .cpu, cpuCapability: "AVX2", cpuHasNativeBFloat16: true))
    #expect(!AmpChoice.auto.resolved(device: .cuda(0), cpuCapability: "AVX512", cpuHasNativeBFloat16: true))
    #expect(AmpChoice.on.resolved(device: .cpu, cpuCapability: "AVX2", cpuHasNativeBFloat16: false))
    #expect(!AmpChoice.off.resolved(device: .cpu, cpuCapability: "AVX512", cpuHasNativeBFloat16: true))
    var c = Preset.atari100kCPU.config
    #expect(c.amp == .auto && Preset.atari100k.config.amp == .off)
    try c.set("amp", to: "false")
    #expect(c.amp == .off && !c.usesMixedPrecision)
    try c.set("amp", to: "true")
    #expect(c.usesMixedPrecision)
    #expect(throws: ConfigError.self) { try c.set("amp", to: "bf16") }
  }

  @Test func searchAndLossDetailsHaveKeys() throws {
    var c = Preset.cartpole.config
    try c.set("head_hidden_layers", to: "16, 8")
    try c.set("hidden_gradient_scale", to: "0.25")
    try c.set("priority_epsilon", to: "0.001")
    try c.set("q_bounds", to: "running_extremes")
    try c.set("tie_tolerance", to: "0")
    #expect(c.network.headHiddenLayers == [16, 8] && c.loss.hiddenGradientScale == 0.25 && c.loss.priorityEpsilon == 0.001)
    #expect(c.search.qBounds == .runningExtremes && c.search.tieTolerance == 0)
    #expect(c.searchConfiguration.qNormalisation == QNormalisation(bounds: .runningExtremes, floor: 0.01))
    let row = c.keyTable.first { $0.key == "head_hidden_layers" }
    #expect(row?.value == "16,8")
    #expect(throws: ConfigError.self) { try c.set("head_hidden_layers", to: "16,x") }
    #expect(throws: ConfigError.self) { try c.set("q_bounds", to: "some") }
    c.loss.priorityEpsilon = 0
    #expect(throws: ConfigError.self) { try c.validate() }
  }
}

/// Every departure from the paper is justified where `--help-keys` says: an experiment entry that
/// exists, or a documented variant.
struct KeyOriginTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  @Test func departuresNameEntriesThatExistAndVariantsAreDocumented() throws {
    let keys = Set(TrainingConfig.keys)
    let configuration = try String(contentsOf: Self.root.appendingPathComponent("docs/configuration.md"), encoding: .utf8)
    for key in TrainingConfig.configKeys {
      switch key.origin {
      case .departure(let entry):
        #expect(
          FileManager.default.fileExists(atPath: Self.root.appendingPathComponent("docs/experiments/\(entry)/README.md").path),
          "\(key.name): no entry \(entry)")
        #expect(configuration.contains("`\(key.name)`"), "\(key.name) is missing from docs/configuration.md")
      case .variant:
        #expect(configuration.contains("| `\(key.name)` |"), "variant \(key.name) is not documented in docs/configuration.md")
      case .paper, .operational:
        break
      }
    }
    #expect(keys.count == TrainingConfig.configKeys.count)
    #expect(TrainingConfig.origin(of: "head_batch_norm") == .departure(entry: "2026-12-07-cartpole-preset"))
    #expect(TrainingConfig.origin(of: "td_steps") == .paper && TrainingConfig.origin(of: "threads") == .operational)
  }
}
