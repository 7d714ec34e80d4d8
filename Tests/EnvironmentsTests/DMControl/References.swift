import Foundation

@testable import Environments

/// What dm_control 1.0.50 itself produced (mujoco 3.17.0, Python, OSMesa), for comparison.
///
/// Made once, outside the repository, by `Resources/make_references.py` (its docstring has the
/// commands): a throw-away venv with `pip install mujoco==3.17.0 dm-control==1.0.50`, run with
/// `MUJOCO_GL=osmesa`. For each task: the 84x84 camera-0 frame after reset with `random=7` and after
/// 12 agent steps of a fixed action pattern, as binary PPM; the controls, rewards and states along the
/// way; the initial states for seeds 0...9.
struct Reference: Decodable {
  struct Start: Decodable {
    var qpos: [Double]
    var qvel: [Double]
    var target: [Double]?
  }

  var seed: UInt64
  var action_repeat: Int
  var actions: [Int]
  /// One per control step.
  var rewards: [Double]
  /// One per agent step.
  var qpos: [[Double]]
  var qvel: [[Double]]
  var starts: [Start]

  static let all: [String: Reference] = {
    let url = resource("trajectories.json")
    return try! JSONDecoder().decode([String: Reference].self, from: Data(contentsOf: url))
  }()

  /// Agent steps between the two reference frames.
  static let steps = 12

  static func resource(_ name: String) -> URL {
    Bundle.module.url(forResource: "Resources/" + name, withExtension: nil)!
  }

  /// The pixels of a binary PPM, top row first, RGB interleaved.
  static func frame(_ name: String) throws -> (width: Int, height: Int, rgb: [UInt8]) {
    let data = [UInt8](try Data(contentsOf: resource(name)))
    // Header: "P6", width, height, maxval, each followed by one whitespace byte.
    var fields: [String] = [], current = "", index = 0
    while fields.count < 4 {
      let byte = data[index]
      index += 1
      if byte == 0x20 || byte == 0x0a {
        if !current.isEmpty { fields.append(current); current = "" }
      } else {
        current.append(Character(UnicodeScalar(byte)))
      }
    }
    precondition(fields[0] == "P6" && fields[3] == "255", "not an 8-bit binary PPM")
    return (Int(fields[1])!, Int(fields[2])!, Array(data[index...]))
  }
}

/// Bytes that differ between two images of the same size.
func differingBytes(_ a: [UInt8], _ b: [UInt8]) -> Int {
  precondition(a.count == b.count)
  return zip(a, b).reduce(0) { $0 + ($1.0 == $1.1 ? 0 : 1) }
}

/// The physics of a task with the default assets (no renderer: cheap).
func physics(_ task: DMControlTask, seed: UInt64 = 0) throws -> DMControlPhysics {
  try DMControlPhysics(task: task, seed: seed)
}
