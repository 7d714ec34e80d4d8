import CMuJoCo

/// EfficientZero's discrete actions for continuous control: each action dimension takes `valuesPerDimension`
/// evenly spaced values over its control range, and actions are their Cartesian product, the first
/// dimension varying slowest (`itertools.product` order, as LightZero's discretisation).
public struct DMControlActionGrid: Sendable, Hashable {
  /// Per dimension: the values it takes, low to high.
  public let values: [[Double]]
  public let names: [String]

  /// `ranges` are the actuators' control ranges; `labels` name the actuators in action names.
  public init(ranges: [(low: Double, high: Double)], valuesPerDimension: Int, labels: [String]) {
    precondition(valuesPerDimension >= 2 && !ranges.isEmpty && labels.count == ranges.count)
    values = ranges.map { range in
      // numpy.linspace: start + i * step, with the last value exactly the end.
      let step = (range.high - range.low) / Double(valuesPerDimension - 1)
      return (0..<valuesPerDimension).map { $0 == valuesPerDimension - 1 ? range.high : range.low + Double($0) * step }
    }
    var names = [""]
    for (label, dimension) in zip(labels, values) {
      names = names.flatMap { prefix in
        dimension.map { (prefix.isEmpty ? "" : prefix + ",") + label + "=" + Self.format($0) }
      }
    }
    self.names = names
  }

  /// Actions in all: `valuesPerDimension ^ dimensions`.
  public var count: Int { values.reduce(1) { $0 * $1.count } }

  /// Writes action `index`'s control values, one per dimension, into `controls`.
  public func controls(for index: Int, into controls: UnsafeMutableBufferPointer<Double>) {
    var rest = index
    for dimension in values.indices.reversed() {
      let options = values[dimension]
      controls[dimension] = options[rest % options.count]
      rest /= options.count
    }
  }

  /// The control values of action `index`.
  public func controls(for index: Int) -> [Double] {
    var result = [Double](repeating: 0, count: values.count)
    result.withUnsafeMutableBufferPointer { controls(for: index, into: $0) }
    return result
  }

  private static func format(_ value: Double) -> String {
    let text = value == value.rounded() ? String(Int(value)) : String(value)
    return value > 0 ? "+" + text : text
  }
}

extension DMControlActionGrid {
  /// The grid over a simulation's actuators: their control ranges, named after them.
  init(actuatorsOf simulation: MuJoCoSimulation, valuesPerDimension: Int) {
    let ranges = simulation.field(CMJ_CTRL_RANGE)
    let dimensions = Int(simulation.sizes.nu)
    self.init(
      ranges: (0..<dimensions).map { (ranges[2 * $0], ranges[2 * $0 + 1]) },
      valuesPerDimension: valuesPerDimension,
      labels: (0..<dimensions).map { simulation.name(of: CMJ_ACTUATOR, id: $0) })
  }
}
