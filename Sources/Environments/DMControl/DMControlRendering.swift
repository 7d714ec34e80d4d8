/// How frames are drawn. `nil` settings keep the model's own, which are dm_control's
/// (its `common/visual.xml` and MuJoCo's defaults: 2048 shadow map, 4x multisampling, 640x480
/// offscreen buffer), so the default draws exactly dm_control's frames.
public struct DMControlRendering: Sendable, Hashable {
  public var width = 84
  public var height = 84
  /// Camera id; 0 is the pixel benchmarks' camera (`fixed` for cartpole and reacher, `cam0` for the cup).
  public var camera = 0
  /// Shadow map texture size; 0 turns shadows off.
  public var shadowMapSize: Int?
  /// Multisamples of the offscreen buffer; 0 turns antialiasing off.
  public var multisamples: Int?
  public var offscreenWidth: Int?
  public var offscreenHeight: Int?

  public init() {}

  /// dm_control's settings.
  public static let dmControl = DMControlRendering()

  /// dm_control's settings with the offscreen buffer cut to the image: the same frames (byte for byte
  /// in every check so far), up to a fifth faster on llvmpipe.
  public static let compactBuffer: DMControlRendering = {
    var compact = DMControlRendering()
    compact.offscreenWidth = compact.width
    compact.offscreenHeight = compact.height
    return compact
  }()

  /// About 3x cheaper on the CPU: a 1024 shadow map, no antialiasing, a compact buffer. Object edges
  /// are no longer smoothed, so 4-12 % of a frame's bytes differ from dm_control's.
  public static let fast: DMControlRendering = {
    var fast = compactBuffer
    fast.shadowMapSize = 1024
    fast.multisamples = 0
    return fast
  }()

  /// Throws `invalidConfiguration` for settings out of range.
  public func validate() throws {
    func require(_ condition: Bool, _ message: String) throws {
      if !condition { throw EnvironmentError.invalidConfiguration(message) }
    }
    try require(width >= 1 && height >= 1, "image size must be positive (got \(height)x\(width))")
    try require(camera >= -1, "camera must be -1 (free camera) or an id (got \(camera))")
    try require((shadowMapSize ?? 0) >= 0, "shadowMapSize must not be negative")
    try require((multisamples ?? 0) >= 0, "multisamples must not be negative")
    try require((offscreenWidth ?? 1) >= 1 && (offscreenHeight ?? 1) >= 1, "offscreen buffer size must be positive")
    try require(width <= offscreenWidth ?? width && height <= offscreenHeight ?? height,
                "image \(width)x\(height) does not fit the offscreen buffer (offscreenWidth, offscreenHeight)")
  }
}
