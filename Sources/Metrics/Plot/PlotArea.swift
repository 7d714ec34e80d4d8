/// The rectangle data is drawn in, and the mapping from data to pixels.
struct PlotArea {
  var left: Double
  var top: Double
  var width: Double
  var height: Double
  var x: AxisDomain
  var y: AxisDomain
  var yScale: AxisScale

  var right: Double { left + width }
  var bottom: Double { top + height }

  func pixelX(_ value: Double) -> Double {
    left + (value - x.lower) / (x.upper - x.lower) * width
  }

  func pixelY(_ value: Double) -> Double {
    let low = yScale.transform(y.lower)
    let high = yScale.transform(y.upper)
    return bottom - (yScale.transform(value) - low) / (high - low) * height
  }
}
