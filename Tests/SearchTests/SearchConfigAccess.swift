import Search

/// The tests' access to one algorithm's settings inside a `SearchConfig` (the slow references read them).
extension SearchConfig {
  var puctSettings: PUCTSettings {
    get {
      guard case .puct(let settings) = algorithm else { preconditionFailure("a PUCT configuration was expected") }
      return settings
    }
    set { algorithm = .puct(newValue) }
  }

  var gumbelSettings: GumbelSettings {
    get {
      guard case .gumbel(let settings) = algorithm else { preconditionFailure("a Gumbel configuration was expected") }
      return settings
    }
    set { algorithm = .gumbel(newValue) }
  }
}
