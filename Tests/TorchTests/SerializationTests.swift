import Foundation
import Testing
@testable import Torch

@Suite struct SerializationTests {
  func temporaryPath(_ name: String) -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("torch-tests-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.appendingPathComponent(name).path
  }

  @Test func saveLoadRoundTripIsBitExact() throws {
    let g = try Generator(seed: 5)
    let tensors: [(name: String, tensor: Tensor)] = [
      ("w", try Tensor.randn([3, 4], generator: g)),
      ("steps", try Tensor([Int64(42), -1])),
      ("frames", try Tensor([UInt8(0), 200, 255], shape: [3, 1])),
      ("mask", try Tensor([true, false, true])),
      ("view", try Tensor.randn([4, 4], generator: g).transpose(0, 1)),
    ]
    let path = temporaryPath("state.pt")
    try TensorFile.save(tensors, to: path)
    let back = try TensorFile.load(from: path)
    #expect(back.map(\.name) == tensors.map(\.name))
    for (a, b) in zip(tensors, back) { #expect(try a.tensor.isIdentical(to: b.tensor), "\(a.name)") }
    #expect(!FileManager.default.fileExists(atPath: path + ".tmp"))
  }

  @Test func moduleStateSurvivesAFile() throws {
    let a = try ResidualBlock(channels: 2)
    let b = try ResidualBlock(channels: 2)
    let path = temporaryPath("block.pt")
    try TensorFile.save(a.stateDict(), to: path)
    try b.load(stateDict: TensorFile.load(from: path))
    let x = try Tensor.randn([1, 2, 5, 5])
    a.eval()
    b.eval()
    #expect(try a(x).isIdentical(to: b(x)))
  }

  @Test func corruptOrMissingFilesGiveErrors() throws {
    let path = temporaryPath("bad.pt")
    try Data("not a tensor file".utf8).write(to: URL(fileURLWithPath: path))
    #expect { try TensorFile.load(from: path) } throws: { ($0 as! TorchError).message.contains(path) }
    #expect(throws: TorchError.self) { try TensorFile.load(from: path + ".missing") }
    // A truncated real file.
    let good = temporaryPath("good.pt")
    try TensorFile.save([("x", try Tensor.randn([64, 64]))], to: good)
    let bytes = try Data(contentsOf: URL(fileURLWithPath: good))
    try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: good))
    #expect(throws: TorchError.self) { try TensorFile.load(from: good) }
  }

  @Test func duplicateNamesAndUnwritableFoldersAreRejected() throws {
    let t = try Tensor.zeros([1])
    #expect(throws: TorchError.self) { try TensorFile.save([("a", t), ("a", t)], to: temporaryPath("dup.pt")) }
    #expect(throws: TorchError.self) { try TensorFile.save([("a", t)], to: "/nonexistent-folder/x.pt") }
  }
}
