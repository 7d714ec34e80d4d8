/// What one search algorithm decides inside the shared search (as mctx: one policy function per algorithm over
/// one search loop): how the root is prepared, how an action is chosen at the root and below it, and what
/// the search returns as the policy and the action. Expansion, backup and the Q-normalisation are shared.
protocol AlgorithmRules: Sendable {
  /// State carried down one walk from the root to a leaf.
  associatedtype Walk

  /// Whether nodes keep the model's value and policy logits (read by completed Q and the improved policy).
  var keepsModelOutputs: Bool { get }

  /// What the root's first visit (its expansion) adds to its value sum, given the network's value.
  func firstVisitValue(networkValue: Float) -> Float

  /// Root exploration after the root's priors are written: noise or draws. `draws` are given Gumbel draws.
  func exploreAtRoot(
    _ forest: Forest, root: Int, draws: UnsafePointer<Float>?, noiseScratch: UnsafeMutableBufferPointer<Double>)

  func startWalk() -> Walk

  /// The action taken at the root. `scratch` holds 2A floats.
  func rootChoice(_ forest: Forest, root: Int, _ tree: Tree, walk: inout Walk, scratch: UnsafeMutablePointer<Float>) -> Int

  /// The action taken at `node`, below the root. `scratch` holds 2A floats.
  func interiorChoice(
    _ forest: Forest, root: Int, _ tree: Tree, node: Int, walk: inout Walk, scratch: UnsafeMutablePointer<Float>
  ) -> Int

  /// Root `root`'s policy, policy target and action into `rows` (visit counts are already written there).
  /// `scratch` holds A floats.
  func writePolicy(_ forest: Forest, root: Int, _ tree: Tree, into rows: ResultRows, scratch: UnsafeMutablePointer<Float>)
}
