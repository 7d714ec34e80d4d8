/// The settings of EfficientZero's PUCT search (Eq. 7, 9, 11), with the paper's defaults.
public struct PUCTSettings: Sendable, Equatable, Codable {
  /// c1 of Eq. 7.
  public var explorationInit: Float = 1.25

  /// c2 of Eq. 7.
  public var explorationBase: Float = 19652

  /// Dirichlet noise mixed into the root's priors (Eq. 9); nil for none (evaluation).
  public var rootNoise: RootNoise? = nil

  /// Temperature T of the visit-count policy (Eq. 11). 0 gives the arg-max, ties split evenly.
  public var temperature: Float = 1

  /// Scores within this distance of the best are ties, broken at random (as the reference tree does).
  public var tieTolerance: Float = 1e-6

  /// How a tie is broken: at random (the paper's search), or by the first tied action, which makes a
  /// search comparable step by step with the reference tree run with its random generator fixed at 0.
  public var tieBreak: TieBreak = .random

  /// The value of the root's first visit (its expansion).
  public var rootFirstVisit: RootFirstVisit = .zero

  public init(
    explorationInit: Float = 1.25, explorationBase: Float = 19652, rootNoise: RootNoise? = nil,
    temperature: Float = 1, tieTolerance: Float = 1e-6, tieBreak: TieBreak = .random,
    rootFirstVisit: RootFirstVisit = .zero
  ) {
    self.explorationInit = explorationInit
    self.explorationBase = explorationBase
    self.rootNoise = rootNoise
    self.temperature = temperature
    self.tieTolerance = tieTolerance
    self.tieBreak = tieBreak
    self.rootFirstVisit = rootFirstVisit
  }
}

/// What the root's first visit adds to its value sum, which the root value (the bootstrap of Eq. 4) divides
/// by N + 1 visits.
public enum RootFirstVisit: String, Sendable, Equatable, CaseIterable, Codable {
  /// 0, as the reference's tree: the root value is N / (N + 1) of the backups' mean, a shrink that bootstrapping
  /// compounds at few simulations (docs/experiments/2026-12-01-cartpole-three-biases).
  case zero
  /// The network's value of the root, as mctx: the mean of it and the N backups.
  case network
}

/// Eq. 9's noise: P(s, a) := (1 - fraction) P(s, a) + fraction * Dirichlet(alpha), at the root only.
public struct RootNoise: Sendable, Equatable, Codable {
  public var alpha: Double
  public var fraction: Float

  public init(alpha: Double = 0.3, fraction: Float = 0.25) {
    self.alpha = alpha
    self.fraction = fraction
  }

  /// alpha 0.3, fraction 0.25 (Table 6), used in self-play and reanalysis.
  public static let efficientZero = RootNoise()
}

/// How selection chooses among actions whose scores tie.
public enum TieBreak: Sendable, Equatable, Codable {
  /// Uniformly at random, from the root's seeded stream.
  case random
  /// The tied action with the lowest index.
  case first
}
