import Search

/// The search's settings as a run declares them, one field per config key; `configuration(discount:
/// valuePrefixHorizon:)` builds the `SearchConfig` of the chosen algorithm from them and the run's shared values.
public struct SearchSettings: Sendable, Equatable, Codable {
  /// Simulations per move, N_sim (App. A.3).
  public var simulations = 50
  /// Which search runs: `.puct` (the paper) or `.gumbel` (Gumbel MuZero).
  public var algorithm: SearchAlgorithmChoice = .puct
  /// Root exploration in self-play and reanalysis: Dirichlet noise (PUCT) or Gumbel draws (Gumbel).
  public var rootExploration = false

  // PUCT (Eq. 7, 9)
  public var explorationInit: Float = 1.25
  public var explorationBase: Float = 19652
  public var dirichletAlpha = RootNoise.efficientZero.alpha
  public var explorationFraction = RootNoise.efficientZero.fraction
  public var tieTolerance: Float = 1e-6
  public var tieBreak: TieBreak = .random
  public var rootVisitValue: RootVisitValue = .zero

  // Gumbel
  public var maxConsideredActions = 16
  public var gumbelVisitScale: Float = 50
  public var gumbelValueScale: Float = 0.1
  /// The Gumbel search's bounds for completed Q: each node's own (mctx) or the tree's (Eq. 10's rule).
  public var gumbelQBounds: GumbelQBounds = .node

  // Eq. 10
  public var minMaxRule: QBounds = .wholeTree
  public var minMaxFloor: Float = 0.01

  public init() {}

  /// The search these settings describe, with the run's discount and value-prefix horizon.
  public func configuration(discount: Float, valuePrefixHorizon: Int) -> SearchConfig {
    var configuration = SearchConfig()
    configuration.simulations = simulations
    configuration.discount = discount
    configuration.valuePrefixHorizon = valuePrefixHorizon
    let treeRule = QNormalisation(bounds: minMaxRule, floor: minMaxFloor)
    switch algorithm {
    case .puct:
      configuration.qNormalisation = treeRule
      configuration.algorithm = .puct(
        PUCTSettings(
          explorationInit: explorationInit, explorationBase: explorationBase,
          rootNoise: rootExploration ? RootNoise(alpha: dirichletAlpha, fraction: explorationFraction) : nil,
          tieTolerance: tieTolerance, tieBreak: tieBreak, rootVisitValue: rootVisitValue))
    case .gumbel:
      configuration.qNormalisation = gumbelQBounds == .node ? .mctx : treeRule
      configuration.algorithm = .gumbel(
        GumbelSettings(
          maxConsideredActions: maxConsideredActions, visitScale: gumbelVisitScale, valueScale: gumbelValueScale,
          drawsGumbel: rootExploration))
    }
    return configuration
  }
}

/// The names of the search algorithms, as config files spell them.
public enum SearchAlgorithmChoice: String, Sendable, Equatable, CaseIterable, Codable {
  case puct
  case gumbel
}

/// The bounds that rescale a node's completed Q values in the Gumbel search.
public enum GumbelQBounds: String, Sendable, Equatable, CaseIterable, Codable {
  /// mctx's `qtransform_completed_by_mix_value`: min and max over the node's own completed Q values, floor 1e-8.
  case node
  /// Eq. 10's bounds, as the PUCT search keeps them (`min_max_rule`, floor `min_max_floor`).
  case tree
}
