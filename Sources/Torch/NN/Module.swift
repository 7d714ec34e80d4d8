/// A neural-network building block that owns tensors.
///
/// Modules are classes because their parameters are shared, mutable state (an optimiser
/// updates them in place); a copy of the weights is an explicit `copyState(from:)`.
/// Layers list their own tensors; containers list nothing themselves: their child modules are
/// found by reflection over stored properties (single modules, optionals and arrays of modules),
/// named by the property name, PyTorch style (`encoder.conv.weight`, `blocks.0.bn1.running_mean`).
public protocol Module: AnyObject {
  /// Trainable tensors owned directly by this module (not by children).
  var ownParameters: [(name: String, tensor: Tensor)] { get }
  /// Non-trainable state owned directly (e.g. BatchNorm running statistics).
  var ownBuffers: [(name: String, tensor: Tensor)] { get }
  /// Switches this module's own behaviour between training and evaluation.
  func setOwnTraining(_ training: Bool)
}

extension Module {
  public var ownParameters: [(name: String, tensor: Tensor)] { [] }
  public var ownBuffers: [(name: String, tensor: Tensor)] { [] }
  public func setOwnTraining(_ training: Bool) {}

  /// Direct child modules with their names, in declaration order.
  public var children: [(name: String, module: any Module)] {
    var found: [(String, any Module)] = []
    for child in Mirror(reflecting: self).children {
      guard let label = child.label else { continue }
      let name = label.hasPrefix("_") ? String(label.dropFirst()) : label
      collectModules(child.value, name: name, into: &found)
    }
    return found
  }

  /// Every parameter of this module and its descendants, with dotted names.
  public func namedParameters() -> [(name: String, tensor: Tensor)] {
    var out: [(String, Tensor)] = []
    visit(prefix: "") { prefix, m in out += m.ownParameters.map { (prefix + $0.name, $0.tensor) } }
    return out
  }

  public func parameters() -> [Tensor] { namedParameters().map(\.tensor) }

  /// Every buffer of this module and its descendants, with dotted names.
  public func namedBuffers() -> [(name: String, tensor: Tensor)] {
    var out: [(String, Tensor)] = []
    visit(prefix: "") { prefix, m in out += m.ownBuffers.map { (prefix + $0.name, $0.tensor) } }
    return out
  }

  /// Parameters then buffers: what a checkpoint of this module holds.
  public func stateDict() -> [(name: String, tensor: Tensor)] { namedParameters() + namedBuffers() }

  public func train() { setTraining(true) }
  public func eval() { setTraining(false) }
  public func setTraining(_ training: Bool) { visit(prefix: "") { _, m in m.setOwnTraining(training) } }

  public var parameterCount: Int { parameters().reduce(0) { $0 + $1.count } }

  /// Copies every tensor of `state` into this module; names and shapes must match exactly.
  public func load(stateDict state: [(name: String, tensor: Tensor)]) throws(TorchError) {
    let mine = stateDict()
    let given = Dictionary(state.map { ($0.name, $0.tensor) }, uniquingKeysWith: { a, _ in a })
    let mineNames = Set(mine.map(\.name))
    if let unexpected = state.map(\.name).first(where: { !mineNames.contains($0) }) {
      throw TorchError("state dict has unexpected tensor '\(unexpected)'")
    }
    for (name, target) in mine {
      guard let source = given[name] else { throw TorchError("state dict is missing tensor '\(name)'") }
      guard source.shape == target.shape else {
        throw TorchError("tensor '\(name)' has shape \(source.shape) in the state dict, \(target.shape) in the model")
      }
      try Torch.withNoGrad { () throws(TorchError) in try target.copyInPlace(from: source) }
    }
  }

  /// The device of this module's tensors (the first parameter's; the CPU for a module without any).
  public var device: Device { stateDict().first?.tensor.device ?? .cpu }

  /// Moves every parameter and buffer to `device`, in place: whoever holds them (an optimiser)
  /// sees the moved tensors.
  public func move(to device: Device) throws(TorchError) {
    try Torch.withNoGrad { () throws(TorchError) in
      for (_, tensor) in stateDict() where tensor.device != device { try tensor.setData(tensor.to(device)) }
    }
  }

  /// Lays out every rank-4 parameter and buffer (convolution weights) channels-last, in place;
  /// convolutions then take and give channels-last activations.
  public func useChannelsLast() throws(TorchError) {
    try Torch.withNoGrad { () throws(TorchError) in
      for (_, tensor) in stateDict() where tensor.rank == 4 && !tensor.isChannelsLast {
        try tensor.setData(tensor.channelsLast())
      }
    }
  }

  /// Makes this module's weights and buffers equal to `other`'s (e.g. refreshing a target network).
  public func copyState(from other: some Module) throws(TorchError) {
    try load(stateDict: other.stateDict())
  }

  /// Prepares every layer of this module tree for inference without gradients
  /// (`InferencePreparing`); returns how many layers. A BatchNorm fold is used only in evaluation
  /// mode and only while its tensors are unchanged; call again after the weights change.
  @discardableResult
  public func prepareInference() throws(TorchError) -> Int {
    var preparing: [any InferencePreparing] = []
    visit(prefix: "") { _, m in if let p = m as? any InferencePreparing { preparing.append(p) } }
    var layers = 0
    for module in preparing { layers += try module.prepareOwnInference() }
    return layers
  }

  private func visit(prefix: String, _ body: (String, any Module) -> Void) {
    body(prefix, self)
    for (name, child) in children { child.visitAny(prefix: prefix + name + ".", body) }
  }
}

extension Module {
  fileprivate func visitAny(prefix: String, _ body: (String, any Module) -> Void) { visit(prefix: prefix, body) }
}

private func collectModules(_ value: Any, name: String, into found: inout [(String, any Module)]) {
  if let module = value as? any Module {
    found.append((name, module))
  } else if let list = value as? [any Module] {
    for (i, m) in list.enumerated() { found.append(("\(name).\(i)", m)) }
  } else if let list = value as? [Any] {
    // Arrays of a concrete module type.
    for (i, element) in list.enumerated() {
      if let m = element as? any Module { found.append(("\(name).\(i)", m)) }
    }
  } else {
    let mirror = Mirror(reflecting: value)
    if mirror.displayStyle == .optional, let wrapped = mirror.children.first?.value {
      collectModules(wrapped, name: name, into: &found)
    }
  }
}
