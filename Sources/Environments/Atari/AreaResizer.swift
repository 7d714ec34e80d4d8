/// Downsamples interleaved 8-bit images (height x width x channels) to planar ones
/// (channels x height x width) by area averaging, like OpenCV's `INTER_AREA`.
///
/// Each output pixel is the exact mean of the source area it covers, rounded half up: the weights are
/// integers over a common denominator (OpenCV computes the same mean in floating point). Everything is
/// precomputed; resizing allocates nothing. Two passes: rows first (contiguous, in SIMD lanes), then
/// columns. Row sums are kept in 16 bits, which limits `sourceHeight / gcd(sourceHeight, height)` to
/// 257 (Atari screens have 210 rows).
public struct AreaResizer: Sendable {
  public let sourceHeight: Int, sourceWidth: Int
  public let height: Int, width: Int
  public let channels: Int

  private let rows: Taps
  private let columns: Taps
  private let division: RoundedDivision
  /// Whether the column pass may add an RGB pixel's three channels at once, as 16-bit lanes of one
  /// 64-bit integer: it needs three channels, sums below 2^16 (no lane carries into the next) and
  /// little-endian loads.
  private let packed: Bool
  /// One vertically averaged row per output row, interleaved like the source, plus room for the
  /// packed pass's 8-byte loads to run past the last pixel.
  private var band: [UInt16]

  public init(sourceHeight: Int, sourceWidth: Int, height: Int, width: Int, channels: Int) {
    precondition(sourceHeight > 0 && sourceWidth > 0 && height > 0 && width > 0 && channels > 0)
    precondition(sourceHeight / gcd(sourceHeight, height) <= 257, "row sums would overflow 16 bits")
    self.sourceHeight = sourceHeight
    self.sourceWidth = sourceWidth
    self.height = height
    self.width = width
    self.channels = channels
    rows = Taps(source: sourceHeight, destination: height)
    columns = Taps(source: sourceWidth, destination: width)
    division = RoundedDivision(divisor: Int(rows.denominator) * Int(columns.denominator))
    packed = channels == 3 && division.hasTable && 1.littleEndian == 1
    band = [UInt16](repeating: 0, count: height * sourceWidth * channels + 4)
  }

  /// Scalars in one output image (channels x height x width).
  public var outputCount: Int { channels * height * width }
  /// Scalars in one source image (height x width x channels).
  public var sourceCount: Int { sourceHeight * sourceWidth * channels }

  /// Resizes `source` (interleaved) into `destination` (planar).
  public mutating func resize(_ source: UnsafeBufferPointer<UInt8>, into destination: UnsafeMutableBufferPointer<UInt8>) {
    precondition(source.count >= sourceCount && destination.count >= outputCount, "resize buffers too small")
    let (rows, columns, division, packed) = (self.rows, self.columns, self.division, self.packed)
    let (height, width, channels) = (self.height, self.width, self.channels)
    let rowLength = sourceWidth * channels
    let plane = height * width
    band.withUnsafeMutableBufferPointer { band in
      let src = source.baseAddress!, dst = destination.baseAddress!, acc = band.baseAddress!
      rows.weights.withUnsafeBufferPointer { weights in
        for y in 0..<height {
          AreaResizer.sumRows(
            src + rows.first[y] * rowLength, weights: weights.baseAddress! + y * rows.span, count: rows.span,
            length: rowLength, into: acc + y * rowLength)
        }
      }
      division.withTable { table in
        columns.weights.withUnsafeBufferPointer { weights in
          columns.first.withUnsafeBufferPointer { first in
            let taps = (first: first.baseAddress!, weights: weights.baseAddress!, span: columns.span)
            for y in 0..<height {
              if packed {
                AreaResizer.sumRGBColumns(
                  UnsafeRawPointer(acc + y * rowLength), taps: taps, width: width, plane: plane, table: table!,
                  into: dst + y * width)
              } else {
                for c in 0..<channels {
                  AreaResizer.sumColumns(
                    acc + y * rowLength + c, stride: channels, taps: taps, width: width, division: division,
                    table: table, into: dst + c * plane + y * width)
                }
              }
            }
          }
        }
      }
    }
  }

  private typealias ColumnTaps = (first: UnsafePointer<Int>, weights: UnsafePointer<UInt32>, span: Int)

  /// Row pass for one output row: the weighted sum of `count` consecutive source rows, 16 bytes at a
  /// time in 16-bit lanes (exact: each sum is at most 255 times the row denominator).
  @inline(__always)
  private static func sumRows(
    _ rows: UnsafePointer<UInt8>, weights: UnsafePointer<UInt32>, count: Int, length: Int,
    into out: UnsafeMutablePointer<UInt16>
  ) {
    var i = 0
    while i + 16 <= length {
      var sum = SIMD16<UInt16>(repeating: 0)
      for k in 0..<count where weights[k] != 0 {
        let bytes = UnsafeRawPointer(rows + k * length + i).loadUnaligned(as: SIMD16<UInt8>.self)
        sum &+= SIMD16<UInt16>(truncatingIfNeeded: bytes) &* UInt16(weights[k])
      }
      UnsafeMutableRawPointer(out + i).storeBytes(of: sum, as: SIMD16<UInt16>.self)
      i += 16
    }
    while i < length {
      var sum: UInt16 = 0
      for k in 0..<count { sum &+= UInt16(rows[k * length + i]) &* UInt16(weights[k]) }
      out[i] = sum
      i += 1
    }
  }

  /// Column pass for one output row of one channel, reading every `stride`-th band value.
  @inline(__always)
  private static func sumColumns(
    _ band: UnsafePointer<UInt16>, stride: Int, taps: ColumnTaps, width: Int, division: RoundedDivision,
    table: UnsafePointer<UInt8>?, into out: UnsafeMutablePointer<UInt8>
  ) {
    @inline(__always) func sum(_ x: Int) -> Int {
      let p = band + taps.first[x] * stride, w = taps.weights + taps.span * x
      if taps.span == 3 {  // the common case, unrolled
        return Int(w[0]) &* Int(p[0]) &+ Int(w[1]) &* Int(p[stride]) &+ Int(w[2]) &* Int(p[2 * stride])
      }
      var total = 0
      for k in 0..<taps.span { total &+= Int(w[k]) &* Int(p[k * stride]) }
      return total
    }
    if let table {
      for x in 0..<width { out[x] = table[sum(x)] }
    } else {
      for x in 0..<width { out[x] = division.divide(sum(x)) }
    }
  }

  /// Column pass for one output row of an RGB image, the three channels of a pixel at once: an
  /// 8-byte load holds R, G and B of one band pixel in its low 16-bit lanes (the top lane is ignored).
  @inline(__always)
  private static func sumRGBColumns(
    _ band: UnsafeRawPointer, taps: ColumnTaps, width: Int, plane: Int, table: UnsafePointer<UInt8>,
    into out: UnsafeMutablePointer<UInt8>
  ) {
    let (red, green, blue) = (out, out + plane, out + 2 * plane)
    for x in 0..<width {
      let p = band + taps.first[x] * 6, w = taps.weights + taps.span * x
      var sum: UInt64
      if taps.span == 3 {  // the common case (160 -> 96 or 84 columns), unrolled
        sum = UInt64(w[0]) &* p.loadUnaligned(as: UInt64.self)
        sum &+= UInt64(w[1]) &* p.loadUnaligned(fromByteOffset: 6, as: UInt64.self)
        sum &+= UInt64(w[2]) &* p.loadUnaligned(fromByteOffset: 12, as: UInt64.self)
      } else {
        sum = 0
        for k in 0..<taps.span { sum &+= UInt64(w[k]) &* p.loadUnaligned(fromByteOffset: 6 * k, as: UInt64.self) }
      }
      red[x] = table[Int(truncatingIfNeeded: sum & 0xFFFF)]
      green[x] = table[Int(truncatingIfNeeded: (sum >> 16) & 0xFFFF)]
      blue[x] = table[Int(truncatingIfNeeded: (sum >> 32) & 0xFFFF)]
    }
  }
}

/// The source intervals that output pixels cover along one axis.
private struct Taps: Sendable {
  /// First source index per output index.
  let first: [Int]
  /// `span` weights per output index, zero-padded.
  let weights: [UInt32]
  let span: Int
  /// What each output's weights sum to.
  let denominator: UInt32

  init(source: Int, destination: Int) {
    // In units of 1/(destination/g) source pixels, output i covers [i*s, (i+1)*s) with s = source/g,
    // and source pixel j covers [j*d, (j+1)*d): every overlap is an integer and each output's sum is s.
    let g = gcd(source, destination)
    let s = source / g, d = destination / g
    // Enough taps for the widest cover, but never past the source's end: a window is slid back rather
    // than left to read out of bounds (its extra taps get zero weight).
    span = min(source, (s + d - 1) / d + 1)
    denominator = UInt32(s)
    var first = [Int](), weights = [UInt32]()
    for i in 0..<destination {
      let lower = i * s, upper = (i + 1) * s
      let start = min(lower / d, source - span)
      first.append(start)
      for j in start..<(start + span) {
        weights.append(UInt32(max(0, min(upper, (j + 1) * d) - max(lower, j * d))))
      }
    }
    self.first = first
    self.weights = weights
  }
}

/// Division by the weights' common denominator, rounded half up: a table of every possible quotient
/// when sums fit 16 bits (a load is cheaper than a multiply), else a multiply by an exact reciprocal.
private struct RoundedDivision: Sendable {
  static let shift = 40
  let divisor: Int
  private let reciprocal: Int
  private let table: [UInt8]

  init(divisor: Int) {
    self.divisor = divisor
    let largest = 255 * divisor
    let fitsTable = largest <= Int(UInt16.max)
    let m = ((1 << RoundedDivision.shift) + divisor - 1) / divisor
    // (x * m) >> shift == x / divisor for every x with x * (m * divisor - 2^shift) < 2^shift.
    let excess = m * divisor - (1 << RoundedDivision.shift)
    precondition(
      fitsTable || (largest + divisor / 2) * excess < 1 << RoundedDivision.shift,
      "no exact reciprocal for divisor \(divisor)")
    reciprocal = m
    table = fitsTable ? (0...largest).map { UInt8(($0 + divisor / 2) / divisor) } : []
  }

  var hasTable: Bool { !table.isEmpty }

  func withTable<R>(_ body: (UnsafePointer<UInt8>?) -> R) -> R {
    table.withUnsafeBufferPointer { body(hasTable ? $0.baseAddress! : nil) }
  }

  @inline(__always)
  func divide(_ sum: Int) -> UInt8 {
    UInt8(truncatingIfNeeded: ((sum &+ divisor / 2) &* reciprocal) >> RoundedDivision.shift)
  }
}

private func gcd(_ a: Int, _ b: Int) -> Int {
  var (a, b) = (a, b)
  while b != 0 { (a, b) = (b, a % b) }
  return a
}
