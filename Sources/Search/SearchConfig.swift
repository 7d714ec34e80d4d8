/// The constants of EfficientZero's search (paper §3.2, App. A.3, Table 6). The defaults are the paper's.
public struct SearchConfig: Sendable, Equatable, Codable {
  /// Simulations per search, N_sim (App. A.3). At least 1.
  public var simulations: Int = 50

  /// Discount per agent step: 0.997 per frame, 4 frames per step (Table 6).
  public var discount: Float = SearchConfig.atariDiscount

  /// c1 of Eq. 7.
  public var explorationInit: Float = 1.25

  /// c2 of Eq. 7.
  public var explorationBase: Float = 19652

  /// Steps after which the value-prefix LSTM restarts from a zero state (the LSTM horizon ζ of Table 6):
  /// a node at depth d is a reset node when d % horizon == 0, the root (depth 0) included.
  public var valuePrefixHorizon: Int = 5

  /// ε of Eq. 10: the smallest denominator of the min-max normalisation.
  public var minMaxFloor: Float = 0.01

  /// Which Q values bound the min-max normalisation of Eq. 10.
  public var minMaxRule: MinMaxRule = .wholeTree

  /// Dirichlet noise mixed into the root's priors (Eq. 9); nil for none (evaluation).
  public var rootNoise: RootNoise? = nil

  /// Temperature T of the visit-count policy (Eq. 11). 0 gives the arg-max, ties split evenly.
  public var temperature: Float = 1

  /// Scores within this distance of the best are ties, broken at random (as the reference tree does).
  public var tieTolerance: Float = 1e-6

  /// How a tie is broken: at random (the paper's search), or by the first tied action, which makes a
  /// search comparable step by step with the reference tree run with its random generator fixed at 0.
  public var tieBreak: TieBreak = .random

  /// The search: EfficientZero's PUCT (the paper) or Gumbel MuZero's (Danihelka et al., 2022).
  public var algorithm: SearchAlgorithm = .puct

  /// The constants of the Gumbel search; unused by PUCT.
  public var gumbel = GumbelSettings()

  /// PUCT: the value of the root's first visit (its expansion). The Gumbel search always counts the
  /// network's value, as mctx.
  public var rootVisitValue: RootVisitValue = .zero

  public init() {}

  /// 0.997^4.
  public static let atariDiscount = Float(0.997 * 0.997 * 0.997 * 0.997)
}

/// What the root's first visit adds to its value sum, which the root value (the bootstrap of Eq. 4) divides
/// by N + 1 visits.
public enum RootVisitValue: String, Sendable, Equatable, CaseIterable, Codable {
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

/// The set of Q values whose extremes normalise Q in Eq. 10.
public enum MinMaxRule: Sendable, Equatable, Codable {
  /// The paper's rule: min and max over Q(s, a) = r + γ V of every node of the tree except the root,
  /// as they stand after the latest backup.
  case wholeTree
  /// MuZero's rule: running extremes of r + γ V over the nodes of every backup path, the root included
  /// (with r = 0), never cleared during a search. Offered for comparison.
  case runningExtremes
}

/// Which tree search runs.
public enum SearchAlgorithm: String, Sendable, Equatable, CaseIterable, Codable {
  /// EfficientZero's search: Eq. 7's PUCT, Eq. 10's min-max normalisation, visit counts as the policy.
  case puct
  /// Gumbel MuZero's search: Gumbel-Top-k and Sequential Halving at the root, the deterministic
  /// selection argmax(pi'(a) - N(a) / (1 + sum N)) inside, completed Q values, and the improved
  /// policy softmax(logits + sigma(completed Q)) as the policy target. `rootNoise` switches the Gumbel
  /// draws on (self-play, reanalysis) or off (evaluation); there is no Dirichlet noise.
  case gumbel
}

/// The constants of the Gumbel search, with the defaults of the paper and of mctx's `gumbel_muzero_policy`.
public struct GumbelSettings: Sendable, Equatable, Codable {
  /// m: root actions sampled without replacement by Gumbel-Top-k, then halved by Sequential Halving.
  public var maxConsideredActions = 16
  /// c_visit of sigma(q) = (c_visit + max_b N(b)) * c_scale * q.
  public var visitScale: Float = 50
  /// c_scale of sigma(q).
  public var valueScale: Float = 0.1
  /// Which bounds rescale the completed Q values to [0, 1] before sigma.
  public var qBounds: GumbelQBounds = .node

  public init() {}
}

/// The bounds that rescale a node's completed Q values in the Gumbel search.
public enum GumbelQBounds: String, Sendable, Equatable, CaseIterable, Codable {
  /// mctx's `qtransform_completed_by_mix_value`: min and max over the node's own completed Q values, with a
  /// denominator of at least 1e-8. Any spread among the actions, however small, is stretched to [0, 1].
  case node
  /// Eq. 10's bounds, as the PUCT search keeps them (`min_max_rule`, floor `min_max_floor`): min and max
  /// over the whole tree's Q values, the result clamped to [0, 1]. A spread that is small against the
  /// tree's stays small (EfficientZero V2's Gumbel tree normalises with its tree's bounds too).
  case tree
}
