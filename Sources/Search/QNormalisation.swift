/// How a search rescales Q values to [0, 1]: (q - min) / max(max - min, floor), clamped, with min and max
/// taken from the chosen set of Q values. Both algorithms take it: PUCT normalises Eq. 7's Q (Eq. 10), the
/// Gumbel search normalises the completed Q values before sigma (mctx's Q-transform).
public struct QNormalisation: Sendable, Equatable, Codable {
  /// Whose Q values give min and max.
  public var bounds: QBounds
  /// ε of Eq. 10: the smallest denominator.
  public var floor: Float

  public init(bounds: QBounds, floor: Float) {
    self.bounds = bounds
    self.floor = floor
  }

  /// Eq. 10: the whole tree's Q values, floor 0.01 (the paper).
  public static let efficientZero = QNormalisation(bounds: .wholeTree, floor: 0.01)
  /// mctx's `qtransform_completed_by_mix_value`: the node's own completed Q values, floor 1e-8.
  public static let mctx = QNormalisation(bounds: .node, floor: 1e-8)

  /// Whether the search keeps bounds over the tree's Q values.
  var usesTreeBounds: Bool { bounds != .node }
}

/// The set of Q values whose extremes normalise Q.
public enum QBounds: String, Sendable, Equatable, CaseIterable, Codable {
  /// The paper's rule: min and max over Q(s, a) = r + γ V of every node of the tree except the root,
  /// as they stand after the latest backup.
  case wholeTree = "whole_tree"
  /// MuZero's rule: running extremes of r + γ V over the nodes of every backup path, the root included
  /// (with r = 0), never cleared during a search.
  case runningExtremes = "running_extremes"
  /// mctx's rule: min and max over the node's own Q values, those of unvisited actions filled in (PUCT:
  /// Eq. 8's estimate; Gumbel: the mixed value). Any spread among the actions, however small, is stretched
  /// to [0, 1] down to the floor.
  case node
}
