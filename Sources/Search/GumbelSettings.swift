/// The settings of the Gumbel search, with the defaults of the paper (Danihelka et al., 2022) and of mctx's
/// `gumbel_muzero_policy`.
public struct GumbelSettings: Sendable, Equatable, Codable {
  /// m: root actions sampled without replacement by Gumbel-Top-k, then halved by Sequential Halving.
  public var maxConsideredActions = 16
  /// c_visit of sigma(q) = (c_visit + max_b N(b)) * c_scale * q.
  public var visitScale: Float = 50
  /// c_scale of sigma(q).
  public var valueScale: Float = 0.1
  /// Gumbel draws at the root (self-play, reanalysis: the root's exploration); off, every draw is 0
  /// (evaluation). Draws given with the roots are used either way.
  public var drawsGumbel = false

  public init(maxConsideredActions: Int = 16, visitScale: Float = 50, valueScale: Float = 0.1, drawsGumbel: Bool = false) {
    self.maxConsideredActions = maxConsideredActions
    self.visitScale = visitScale
    self.valueScale = valueScale
    self.drawsGumbel = drawsGumbel
  }
}
