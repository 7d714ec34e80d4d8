import EfficientZero
import Foundation

/// Writes the newest frame of each image observation as a binary PPM (colour) or PGM (gray) file:
/// `<directory>/episode-000/step-00000.ppm`. Any image viewer opens them; ffmpeg turns them into a video.
struct FrameDump {
  let directory: URL
  let episodes: Int
  let channels: Int
  let height: Int
  let width: Int

  init(directory: URL, episodes: Int, config: TrainingConfig) throws {
    guard case .image(let c, let h, let w) = config.network.observation else {
      throw ConfigError("--frames needs an environment with image observations; \(config.environment) has vectors")
    }
    guard c == 1 || c == 3 else { throw ConfigError("--frames writes 1- or 3-channel frames, this run has \(c)") }
    self.directory = directory
    self.episodes = episodes
    channels = c
    height = h
    width = w
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  }

  func write<Scalar>(episode: Int, step: Int, _ observation: [Scalar]) throws {
    guard episode < episodes, let pixels = observation as? [UInt8] else { return }
    let plane = height * width
    let newest = pixels.count - channels * plane  // planes are [frame][channel][row][column], oldest frame first
    var bytes = Array((channels == 3 ? "P6" : "P5").utf8) + Array("\n\(width) \(height)\n255\n".utf8)
    bytes.reserveCapacity(bytes.count + channels * plane)
    for i in 0..<plane {
      for c in 0..<channels { bytes.append(pixels[newest + c * plane + i]) }
    }
    let folder = directory.appendingPathComponent(String(format: "episode-%03d", episode))
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let name = String(format: "step-%05d.", step) + (channels == 3 ? "ppm" : "pgm")
    try Data(bytes).write(to: folder.appendingPathComponent(name))
  }
}
