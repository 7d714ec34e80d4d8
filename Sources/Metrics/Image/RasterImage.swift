/// An 8-bit image: rows top first, channels interleaved (1 = gray, 3 = RGB).
public struct RasterImage: Sendable, Equatable {
  public let width: Int
  public let height: Int
  public let channels: Int
  public var pixels: [UInt8]

  public init(width: Int, height: Int, channels: Int, pixels: [UInt8]) {
    precondition(width >= 1 && height >= 1 && (channels == 1 || channels == 3), "an image is gray or RGB, at least 1x1")
    precondition(pixels.count == width * height * channels, "pixels do not fill \(width)x\(height)x\(channels)")
    self.width = width
    self.height = height
    self.channels = channels
    self.pixels = pixels
  }

  /// A blank image of one colour.
  public init(width: Int, height: Int, channels: Int, fill: UInt8 = 0) {
    self.init(width: width, height: height, channels: channels, pixels: [UInt8](repeating: fill, count: width * height * channels))
  }

  /// From planes, as networks see images: `planar[c * height * width + row * width + column]`.
  public init(planar: some Collection<UInt8>, width: Int, height: Int, channels: Int) {
    let plane = width * height
    precondition(planar.count == plane * channels, "planes do not fill \(width)x\(height)x\(channels)")
    let source = Array(planar)
    var pixels = [UInt8](repeating: 0, count: plane * channels)
    for i in 0..<plane {
      for c in 0..<channels { pixels[i * channels + c] = source[c * plane + i] }
    }
    self.init(width: width, height: height, channels: channels, pixels: pixels)
  }

  /// The colour at (row, column) as RGB (gray repeated).
  public func rgb(row: Int, column: Int) -> (UInt8, UInt8, UInt8) {
    let i = (row * width + column) * channels
    return channels == 3 ? (pixels[i], pixels[i + 1], pixels[i + 2]) : (pixels[i], pixels[i], pixels[i])
  }

  /// The image `scale` times larger, each pixel a scale x scale block (small frames become visible).
  public func enlarged(by scale: Int) -> RasterImage {
    precondition(scale >= 1)
    guard scale > 1 else { return self }
    var out = RasterImage(width: width * scale, height: height * scale, channels: channels)
    for row in 0..<out.height {
      for column in 0..<out.width {
        let from = ((row / scale) * width + column / scale) * channels
        let to = (row * out.width + column) * channels
        for c in 0..<channels { out.pixels[to + c] = pixels[from + c] }
      }
    }
    return out
  }

  /// Images of one size and channel count laid out in a grid, `columns` per row, `gap` pixels of
  /// `background` between them.
  public static func grid(_ images: [RasterImage], columns: Int, gap: Int = 2, background: UInt8 = 255) -> RasterImage {
    precondition(!images.isEmpty && columns >= 1 && gap >= 0)
    let first = images[0]
    precondition(images.allSatisfy { $0.width == first.width && $0.height == first.height && $0.channels == first.channels })
    let rows = (images.count + columns - 1) / columns
    let usedColumns = min(columns, images.count)
    var out = RasterImage(
      width: usedColumns * first.width + (usedColumns - 1) * gap, height: rows * first.height + (rows - 1) * gap,
      channels: first.channels, fill: background)
    for (index, image) in images.enumerated() {
      let top = (index / columns) * (first.height + gap)
      let left = (index % columns) * (first.width + gap)
      for row in 0..<image.height {
        let from = row * image.width * image.channels
        let to = ((top + row) * out.width + left) * out.channels
        out.pixels.replaceSubrange(to..<(to + image.width * image.channels), with: image.pixels[from..<(from + image.width * image.channels)])
      }
    }
    return out
  }
}
