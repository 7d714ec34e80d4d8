import Foundation
import Testing
@testable import Torch

/// Checks that Python's `torch.load` opens what `TensorFile.save` writes. Runs only where a Python
/// with PyTorch is named by EZERO_TEST_PYTHON (it is an optional, large install).
@Suite struct PythonInteropTests {
  static let python = ProcessInfo.processInfo.environment["EZERO_TEST_PYTHON"]

  @Test(.enabled(if: python != nil, "set EZERO_TEST_PYTHON to a python with torch"))
  func torchLoadReadsOurFiles() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pyinterop-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let path = dir.appendingPathComponent("w.pt").path
    try TensorFile.save(
      [("a.weight", try Tensor([1.5, -2, 3, 4] as [Float], shape: [2, 2])), ("steps", try Tensor([Int64(7)]))], to: path)
    let script = """
      import sys, torch
      d = torch.load(sys.argv[1])
      assert list(d.keys()) == ['a.weight', 'steps'], d.keys()
      assert d['a.weight'].tolist() == [[1.5, -2.0], [3.0, 4.0]]
      assert d['steps'].dtype == torch.int64 and d['steps'].item() == 7
      torch.save({'x': torch.arange(6, dtype=torch.float32).reshape(2, 3)}, sys.argv[1] + '.py.pt')
      print('ok')
      """
    let p = Process()
    p.executableURL = URL(fileURLWithPath: Self.python!)
    p.arguments = ["-c", script, path]
    let out = Pipe()
    p.standardOutput = out
    try p.run()
    p.waitUntilExit()
    let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(p.terminationStatus == 0 && text.contains("ok"))
    let back = try TensorFile.load(from: path + ".py.pt")
    #expect(back.map(\.name) == ["x"])
    #expect(try back[0].tensor.toArray(Float.self) == [0, 1, 2, 3, 4, 5])
  }
}
