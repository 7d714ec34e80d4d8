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
  public var rootFirstVisit: RootFirstVisit = .zero

  // Gumbel
  public var maxConsideredActions = 16
  public var gumbelVisitScale: Float = 50
  public var gumbelValueScale: Float = 0.1

  // The Q-normalisation (Eq. 10)
  /// Whose Q values bound it; `.algorithm`: the algorithm's own (PUCT: the whole tree, Gumbel: the node).
  public var qBounds: QBoundsChoice = .algorithm
  /// ε of Eq. 10 with tree bounds (node bounds take mctx's 1e-8).
  public var minMaxFloor: Float = 0.01

  public init() {}

  /// The search these settings describe, with the run's discount and value-prefix horizon.
  public func configuration(discount: Float, valuePrefixHorizon: Int) -> SearchConfig {
    var configuration = SearchConfig()
    configuration.simulations = simulations
    configuration.discount = discount
    configuration.valuePrefixHorizon = valuePrefixHorizon
    switch algorithm {
    case .puct:
      configuration.algorithm = .puct(
        PUCTSettings(
          explorationInit: explorationInit, explorationBase: explorationBase,
          rootNoise: rootExploration ? RootNoise(alpha: dirichletAlpha, fraction: explorationFraction) : nil,
          tieTolerance: tieTolerance, rootFirstVisit: rootFirstVisit))
    case .gumbel:
      configuration.algorithm = .gumbel(
        GumbelSettings(
          maxConsideredActions: maxConsideredActions, visitScale: gumbelVisitScale, valueScale: gumbelValueScale,
          drawsGumbel: rootExploration))
    }
    configuration.qNormalisation = qNormalisation
    return configuration
  }

  /// The Q-normalisation these settings choose.
  public var qNormalisation: QNormalisation {
    let bounds: QBounds
    switch qBounds {
    case .algorithm: bounds = algorithm == .puct ? .wholeTree : .node
    case .wholeTree: bounds = .wholeTree
    case .runningExtremes: bounds = .runningExtremes
    case .node: bounds = .node
    }
    return bounds == .node ? .mctx : QNormalisation(bounds: bounds, floor: minMaxFloor)
  }
}

/// The names of the search algorithms, as config files spell them.
public enum SearchAlgorithmChoice: String, Sendable, Equatable, CaseIterable, Codable {
  case puct
  case gumbel
}

/// The `q_bounds` key: the search's bounds of the Q-normalisation, or the algorithm's own.
public enum QBoundsChoice: String, Sendable, Equatable, CaseIterable, Codable {
  /// PUCT: the whole tree (Eq. 10, the paper); Gumbel: the node's own (mctx).
  case algorithm
  case wholeTree = "whole_tree"
  case runningExtremes = "running_extremes"
  case node
}
