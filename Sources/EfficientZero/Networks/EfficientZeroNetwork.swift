import Torch

/// The whole EfficientZero model (Eq. 5): representation H, dynamics G, reward head R (value
/// prefix or per-step reward), prediction V and P, and the consistency projection.
public final class EfficientZeroNetwork: Module {
  public let config: NetworkConfig
  public let representation: any Representation
  public let dynamics: any Dynamics
  public let rewardHead: any RewardHead
  public let prediction: Prediction
  public let projection: Projection
  public let transform: ValueTransform

  public init(_ config: NetworkConfig, generator: Generator? = nil) throws {
    try config.validate()
    self.config = config
    switch config.observation {
    case .image:
      representation = try RepresentationNetwork(
        inputChannels: config.inputChannels, channels: config.channels, momentum: config.batchNormMomentum,
        generator: generator)
      dynamics = try ConvDynamics(config, generator: generator)
    case .vector:
      representation = try VectorRepresentation(config, generator: generator)
      dynamics = try VectorDynamics(config, generator: generator)
    }
    switch config.rewardModel {
    case .valuePrefix: rewardHead = try ValuePrefixHead(config, generator: generator)
    case .reward: rewardHead = try StepRewardHead(config, generator: generator)
    }
    prediction = try Prediction(config, generator: generator)
    projection = try Projection(config, generator: generator)
    transform = ValueTransform(supportSize: config.supportSize)
  }

  /// Where the network's tensors live, kept by `move(to:)` (cheaper than `Module.device`'s walk
  /// over every tensor, which inference would pay on every call).
  public private(set) var device: Device = .cpu

  /// Whether the convolutions run channels-last (`useChannelsLast()`; image networks only).
  public private(set) var isChannelsLast = false

  /// Whether passes run in mixed precision (`amp`, the reference's `torch_amp`): autocast on the
  /// network's device; what inference gives the search is float32 again.
  public private(set) var usesMixedPrecision = false

  public func useMixedPrecision() { usesMixedPrecision = true }

  /// `body` under autocast on this network's device where mixed precision is on.
  public func inPrecision<R>(_ body: () throws(TorchError) -> R) throws(TorchError) -> R {
    usesMixedPrecision ? try Torch.withAutocast(on: device, body) : try body()
  }

  /// Whether inference runs on weights and kernels prepared for it (`useFastInference()`).
  public private(set) var usesFastInference = false
  /// The weights the current preparation was made from (`Tensor.stateKey`).
  private var preparedWeightsKey: UInt64?
  private lazy var preparationSources: [Tensor] = stateDict().map(\.tensor)

  /// From now on, inference (`initialInference` and the recurrent inferences after it) runs each
  /// convolution + BatchNorm pair as one convolution and the linear layers and the LSTM on oneDNN's
  /// matrix kernel, preparing again whenever the weights have changed. Outputs equal the standard
  /// ones up to float rounding; training passes are unaffected.
  public func useFastInference() throws(TorchError) {
    usesFastInference = true
    // Now, not at the first inference: the kernels of no-gradient passes then do not depend on
    // whether an inference has run before (a resumed run computes what an unbroken one does).
    try refreshInferencePreparation()
  }

  /// Prepares again where the weights changed since the last preparation (a load, an optimiser step, a move).
  func refreshInferencePreparation() throws(TorchError) {
    guard usesFastInference else { return }
    let key = Tensor.stateKey(preparationSources)
    guard key != preparedWeightsKey else { return }
    try prepareInference()
    preparedWeightsKey = key
  }

  /// Moves every parameter and buffer to `device` and records it.
  public func move(to device: Device) throws(TorchError) {
    try (self as any Module).move(to: device)
    self.device = device
  }

  /// Lays the convolutions out channels-last (faster on the CPU; values equal up to rounding), and
  /// the inputs from then on. No effect on a vector network.
  public func useChannelsLast() throws(TorchError) {
    guard case .image = config.observation else { return }
    try (self as any Module).useChannelsLast()
    isChannelsLast = true
  }

  /// Puts this network where `other` is, in its layout and inference mode (a copy that will load its weights).
  public func place(like other: EfficientZeroNetwork) throws(TorchError) {
    try move(to: other.device)
    if other.isChannelsLast { try useChannelsLast() }
    if other.usesFastInference { try useFastInference() }
    if other.usesMixedPrecision { useMixedPrecision() }
  }

  /// Converts stored observations to network input on the network's device: uint8 images scale to [0, 1].
  public func prepare(_ observations: Tensor) throws(TorchError) -> Tensor {
    let placed = try observations.to(device, nonBlocking: observations.isPinned)
    let channelsLast = isChannelsLast && placed.rank == 4
    guard placed.dtype == .uint8 else { return channelsLast ? try placed.channelsLast() : placed }
    // One conversion into the layout, then the division in place: the values of `x / 255`,
    // without two more passes over the largest tensor of a step.
    let input = try placed.to(.float32, channelsLast: channelsLast)
    try input.divInPlace(255)
    return input
  }

  // MARK: Differentiable passes (training)

  /// s = H(o), then P(s), V(s).
  public func initial(_ observations: Tensor) throws(TorchError) -> (latent: Tensor, policyLogits: Tensor, valueLogits: Tensor) {
    let latent = try representation(prepare(observations))
    let (p, v) = try prediction(latent)
    return (latent, p, v)
  }

  /// s' = G(s, a), then R(s', h), P(s'), V(s').
  public func recurrent(
    _ latent: Tensor, actions: Tensor, rewardState: RewardState?
  ) throws(TorchError) -> (latent: Tensor, valuePrefixLogits: Tensor, rewardState: RewardState?, policyLogits: Tensor, valueLogits: Tensor) {
    let next = try dynamics(latent, actions: actions.to(device))
    let (r, state) = try rewardHead(next, state: rewardState)
    let (p, v) = try prediction(next, fromDynamics: true)
    return (next, r, state, p, v)
  }
}
