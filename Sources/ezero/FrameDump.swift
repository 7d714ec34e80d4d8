import EfficientZero
import Foundation
import Metrics

/// What `eval` shows of the episodes it plays: the newest frame of every image observation as PNG
/// (`<directory>/episode-000/step-00000.png`), and/or the first episode as an animated GIF.
final class FrameDump {
  let directory: URL?
  let episodes: Int
  let gif: URL?
  let channels: Int
  let height: Int
  let width: Int
  private var gifFrames: [RasterImage] = []

  init(directory: URL?, episodes: Int, gif: URL?, config: TrainingConfig) throws {
    guard case .image(let c, let h, let w) = config.network.observation else {
      throw ConfigError("--frames and --gif need an environment with image observations; \(config.environment) has vectors")
    }
    guard c == 1 || c == 3 else { throw ConfigError("--frames and --gif show 1- or 3-channel frames, this run has \(c)") }
    self.directory = directory
    self.episodes = episodes
    self.gif = gif
    channels = c
    height = h
    width = w
    if let directory { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) }
  }

  func write<Scalar>(episode: Int, step: Int, _ observation: [Scalar]) throws {
    guard let pixels = observation as? [UInt8] else { return }
    // Planes are [frame][channel][row][column], oldest frame first.
    let newest = pixels.count - channels * height * width
    let frame = RasterImage(planar: pixels[newest...], width: width, height: height, channels: channels)
    if gif != nil && episode == 0 { gifFrames.append(frame) }
    guard let directory, episode < episodes else { return }
    let folder = directory.appendingPathComponent(String(format: "episode-%03d", episode))
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try Data(frame.png()).write(to: folder.appendingPathComponent(String(format: "step-%05d.png", step)))
  }

  /// Writes the GIF of the first episode (enlarged so that small observations are visible).
  func finish() throws {
    guard let gif, !gifFrames.isEmpty else { return }
    let scale = max(1, 192 / max(width, height))
    try Data(AnimatedGIF.encode(gifFrames.map { $0.enlarged(by: scale) }, delay: 4)).write(to: gif, options: .atomic)
  }
}
