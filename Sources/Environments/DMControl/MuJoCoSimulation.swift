import CMuJoCo

/// One MuJoCo model and its state, loaded from an MJCF file (the package's own layer under `DMControl`).
///
/// A class because it owns MuJoCo's model and data; use it from one thread at a time. Arrays are
/// exposed as MuJoCo stores them (row-major, in doubles), so reads and writes cost nothing.
package final class MuJoCoSimulation {
  let handle: OpaquePointer
  package let sizes: cmj_sizes

  /// MuJoCo's version string.
  package static var version: String { String(cString: cmj_version()) }

  /// Loads and compiles a model; a broken or missing file throws with MuJoCo's message.
  package init(xmlPath: String) throws {
    var error = MuJoCoSimulation.errorBuffer()
    guard let handle = cmj_load(xmlPath, &error, Int32(error.count)) else {
      throw DMControlError.model(MuJoCoSimulation.message(error))
    }
    self.handle = handle
    sizes = cmj_model_sizes(handle)
  }

  deinit { cmj_free(handle) }

  package var timestep: Double { cmj_timestep(handle) }
  package var usesRK4: Bool { cmj_uses_rk4(handle) != 0 }

  /// The id of a named object, or throws naming what is missing.
  package func id(of kind: cmj_object, named name: String) throws -> Int {
    let id = Int(cmj_name_to_id(handle, kind, name))
    guard id >= 0 else { throw DMControlError.model("the model has no \(Self.describe(kind)) named '\(name)'") }
    return id
  }

  private static func describe(_ kind: cmj_object) -> String {
    switch kind {
    case CMJ_BODY: "body"
    case CMJ_JOINT: "joint"
    case CMJ_GEOM: "geom"
    case CMJ_SITE: "site"
    case CMJ_CAMERA: "camera"
    case CMJ_ACTUATOR: "actuator"
    default: "object"
    }
  }

  package func name(of kind: cmj_object, id: Int) -> String {
    String(cString: cmj_id_to_name(handle, kind, Int32(id)))
  }

  package func joint(_ id: Int) -> cmj_joint { cmj_joint_info(handle, Int32(id)) }

  /// Contacts found by the last forward pass or step.
  package var contactCount: Int { Int(cmj_contact_count(handle)) }

  /// A model or state array; valid for the simulation's lifetime.
  package func field(_ field: cmj_field) -> UnsafeMutableBufferPointer<Double> {
    var count: Int32 = 0
    let base = cmj_field_data(handle, field, &count)
    return UnsafeMutableBufferPointer(start: base, count: Int(count))
  }

  package var qpos: UnsafeMutableBufferPointer<Double> { field(CMJ_QPOS) }
  package var qvel: UnsafeMutableBufferPointer<Double> { field(CMJ_QVEL) }
  package var ctrl: UnsafeMutableBufferPointer<Double> { field(CMJ_CTRL) }

  /// Row `index` of a field with `width` columns (e.g. a body's position: width 3).
  package func row(_ field: cmj_field, _ index: Int, width: Int) -> UnsafeMutableBufferPointer<Double> {
    UnsafeMutableBufferPointer(rebasing: self.field(field)[index * width..<(index + 1) * width])
  }

  /// MuJoCo's reset to the model's initial state, then a forward pass without actuation.
  package func reset() throws {
    var error = MuJoCoSimulation.errorBuffer()
    guard cmj_reset(handle, &error, Int32(error.count)) == 0 else {
      throw DMControlError.physics(MuJoCoSimulation.message(error))
    }
  }

  /// Recomputes everything derived from a state set by hand (without actuation).
  /// The integration state (MuJoCo's mjSTATE_INTEGRATION), for snapshots.
  package func state() throws -> [Double] {
    var values = [Double](repeating: 0, count: Int(cmj_state_size(handle)))
    var error = MuJoCoSimulation.errorBuffer()
    guard cmj_get_state(handle, &values, Int32(values.count), &error, Int32(error.count)) == 0 else {
      throw DMControlError.physics(MuJoCoSimulation.message(error))
    }
    return values
  }

  /// Restores `state()`, leaving the simulation as a step leaves it.
  package func setState(_ values: [Double]) throws {
    var error = MuJoCoSimulation.errorBuffer()
    guard cmj_set_state(handle, values, Int32(values.count), &error, Int32(error.count)) == 0 else {
      throw DMControlError.physics(MuJoCoSimulation.message(error))
    }
  }

  package func forward() throws {
    var error = MuJoCoSimulation.errorBuffer()
    guard cmj_forward(handle, &error, Int32(error.count)) == 0 else {
      throw DMControlError.physics(MuJoCoSimulation.message(error))
    }
  }

  /// `count` physics steps with the current controls (dm_control's legacy step: derived quantities
  /// are current afterwards). Throws when MuJoCo warns of an invalid state.
  package func step(_ count: Int) throws {
    var error = MuJoCoSimulation.errorBuffer()
    guard cmj_step(handle, Int32(count), &error, Int32(error.count)) == 0 else {
      throw DMControlError.physics(MuJoCoSimulation.message(error))
    }
  }

  static func errorBuffer() -> [CChar] { [CChar](repeating: 0, count: 1024) }

  static func message(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
