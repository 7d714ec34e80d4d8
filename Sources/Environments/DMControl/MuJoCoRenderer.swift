import CMuJoCo

/// Draws a simulation's current state offscreen, on the CPU (OSMesa), with MuJoCo's renderer.
///
/// A class because it owns a GL context; use it from one thread at a time (it may move between
/// threads). Keeps its simulation alive.
package final class MuJoCoRenderer {
  private let handle: OpaquePointer
  package let simulation: MuJoCoSimulation
  /// The settings in force, the model's own values filled in.
  package let settings: DMControlRendering

  package init(simulation: MuJoCoSimulation, settings: DMControlRendering) throws {
    try settings.validate()
    var options = cmj_default_render_options()
    options.width = Int32(settings.width)
    options.height = Int32(settings.height)
    options.camera = Int32(settings.camera)
    options.shadow_size = Int32(settings.shadowMapSize ?? -1)
    options.samples = Int32(settings.multisamples ?? -1)
    options.offscreen_width = Int32(settings.offscreenWidth ?? -1)
    options.offscreen_height = Int32(settings.offscreenHeight ?? -1)
    var error = MuJoCoSimulation.errorBuffer()
    guard let handle = cmj_renderer_make(simulation.handle, &options, &error, Int32(error.count)) else {
      throw DMControlError.rendering(MuJoCoSimulation.message(error))
    }
    self.handle = handle
    self.simulation = simulation
    let applied = cmj_renderer_options(handle)
    var resolved = settings
    resolved.shadowMapSize = Int(applied.shadow_size)
    resolved.multisamples = Int(applied.samples)
    resolved.offscreenWidth = Int(applied.offscreen_width)
    resolved.offscreenHeight = Int(applied.offscreen_height)
    self.settings = resolved
  }

  deinit { cmj_renderer_free(handle) }

  /// Bytes of one image: height x width x 3.
  package var imageByteCount: Int { settings.height * settings.width * 3 }

  /// Renders into `rgb` (`imageByteCount` bytes): top row first, RGB interleaved.
  package func render(into rgb: UnsafeMutableBufferPointer<UInt8>) throws {
    precondition(rgb.count >= imageByteCount, "image buffer too small")
    var error = MuJoCoSimulation.errorBuffer()
    guard cmj_render(handle, rgb.baseAddress, &error, Int32(error.count)) == 0 else {
      throw DMControlError.rendering(MuJoCoSimulation.message(error))
    }
  }

  /// Renders a new image (allocating: for tests and tools).
  package func render() throws -> [UInt8] {
    let count = imageByteCount
    return try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
      try render(into: UnsafeMutableBufferPointer(rebasing: buffer[0..<count]))
      initialized = count
    }
  }
}
