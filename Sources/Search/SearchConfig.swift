/// One search: its budget, the model's discounting and value-prefix horizon, the Q-normalisation rule, and the
/// algorithm with only that algorithm's settings (paper §3.2, App. A.3, Table 6). The defaults are the paper's.
///
///     var puct = SearchConfig()                                        // EfficientZero's search
///     let gumbel = SearchConfig.gumbel(GumbelSettings(maxConsideredActions: 8), simulations: 16)
public struct SearchConfig: Sendable, Equatable, Codable {
  /// Simulations per search, N_sim (App. A.3). At least 1.
  public var simulations: Int = 50

  /// Discount per agent step: 0.997 per frame, 4 frames per step (Table 6).
  public var discount: Float = SearchConfig.atariDiscount

  /// Steps after which the value-prefix LSTM restarts from a zero state (the LSTM horizon ζ of Table 6):
  /// a node at depth d is a reset node when d % horizon == 0, the root (depth 0) included.
  public var valuePrefixHorizon: Int = 5

  /// How Q values are rescaled to [0, 1] before they meet the priors (Eq. 10 for PUCT, σ's input for Gumbel).
  public var qNormalisation: QNormalisation = .efficientZero

  /// Which search runs, with its own settings.
  public var algorithm: SearchAlgorithm = .puct(PUCTSettings())

  public init() {}

  /// EfficientZero's search (the paper) with Eq. 10's normalisation.
  public static func puct(_ settings: PUCTSettings = PUCTSettings(), simulations: Int = 50) -> SearchConfig {
    var configuration = SearchConfig()
    configuration.simulations = simulations
    configuration.algorithm = .puct(settings)
    return configuration
  }

  /// Gumbel MuZero's search with mctx's normalisation of completed Q values (each node's own bounds).
  public static func gumbel(_ settings: GumbelSettings = GumbelSettings(), simulations: Int = 50) -> SearchConfig {
    var configuration = SearchConfig()
    configuration.simulations = simulations
    configuration.algorithm = .gumbel(settings)
    configuration.qNormalisation = .mctx
    return configuration
  }

  /// 0.997^4.
  public static let atariDiscount = Float(0.997 * 0.997 * 0.997 * 0.997)
}

/// Which tree search runs, each with the settings only it reads.
public enum SearchAlgorithm: Sendable, Equatable, Codable {
  /// EfficientZero's search: Eq. 7's PUCT, Eq. 10's min-max normalisation, visit counts as the policy.
  case puct(PUCTSettings)
  /// Gumbel MuZero's search (Danihelka et al., 2022): Gumbel-Top-k and Sequential Halving at the root, the
  /// deterministic selection argmax(pi'(a) - N(a) / (1 + sum N)) inside, completed Q values, and the improved
  /// policy softmax(logits + sigma(completed Q)) as the policy target.
  case gumbel(GumbelSettings)

  /// `puct` or `gumbel`.
  public var name: String {
    switch self {
    case .puct: return "puct"
    case .gumbel: return "gumbel"
    }
  }
}

extension SearchConfig {
  /// Root exploration for self-play and reanalysis: Dirichlet noise (PUCT) or Gumbel draws (Gumbel); off
  /// for evaluation. Switching it on for PUCT restores the paper's noise if none was set.
  public var exploresAtRoot: Bool {
    get {
      switch algorithm {
      case .puct(let puct): return puct.rootNoise != nil
      case .gumbel(let gumbel): return gumbel.drawsGumbel
      }
    }
    set {
      switch algorithm {
      case .puct(var puct):
        puct.rootNoise = newValue ? (puct.rootNoise ?? .efficientZero) : nil
        algorithm = .puct(puct)
      case .gumbel(var gumbel):
        gumbel.drawsGumbel = newValue
        algorithm = .gumbel(gumbel)
      }
    }
  }

  /// This search with the visit-count temperature T of Eq. 11 (PUCT); the Gumbel search's policy is the
  /// improved policy, which has no temperature, so it is returned unchanged.
  public func withTemperature(_ temperature: Float) -> SearchConfig {
    guard case .puct(var puct) = algorithm else { return self }
    var configuration = self
    puct.temperature = temperature
    configuration.algorithm = .puct(puct)
    return configuration
  }

  /// Stops the program when a setting is out of range.
  func validate() {
    precondition(simulations >= 1, "a search needs at least one simulation")
    precondition(valuePrefixHorizon >= 1, "the value-prefix horizon must be positive")
    precondition(qNormalisation.floor > 0, "the Q-normalisation floor must be positive")
    if case .gumbel(let gumbel) = algorithm {
      precondition(gumbel.maxConsideredActions >= 1, "the Gumbel search considers at least one action")
    }
  }
}
