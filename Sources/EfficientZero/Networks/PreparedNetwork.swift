import Torch

extension EfficientZeroNetwork {
  /// A network as a run uses it: initialised on the CPU (the same weights for a seed on every
  /// device, from `generator`), moved to the run's device, in the layout, inference path and
  /// precision the run's settings choose.
  public static func prepared(for config: TrainingConfig, generator: Generator? = nil) throws -> EfficientZeroNetwork {
    let network = try EfficientZeroNetwork(config.network, generator: generator)
    try network.move(to: config.torchDevice)
    if config.usesChannelsLast { try network.useChannelsLast() }
    if config.fastInference { try network.useFastInference() }
    if config.usesMixedPrecision { network.useMixedPrecision() }
    return network
  }
}
