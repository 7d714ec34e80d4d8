import Testing

@testable import Environments

@Suite struct FrameStackTests {
  @Test func handsOutFramesOldestFirst() {
    var stack = FrameStack(frameCount: 3, depth: 4)
    var observation = [UInt8](repeating: 0, count: 12)
    for value in UInt8(1)...6 {
      [value, value, value].withUnsafeBufferPointer { stack.push($0) }
    }
    observation.withUnsafeMutableBufferPointer { stack.write(into: $0) }
    #expect(observation == [3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6])
  }

  @Test func startOfEpisodeRepeatsTheFirstFrame() {
    var stack = FrameStack(frameCount: 2, depth: 4)
    [9, 9].withUnsafeBufferPointer { stack.push($0) }
    [1, 2].withUnsafeBufferPointer { stack.push($0) }
    stack.fillWithNewest()
    var observation = [UInt8](repeating: 0, count: 8)
    observation.withUnsafeMutableBufferPointer { stack.write(into: $0) }
    #expect(observation == [1, 2, 1, 2, 1, 2, 1, 2])
    [7, 8].withUnsafeBufferPointer { stack.push($0) }
    observation.withUnsafeMutableBufferPointer { stack.write(into: $0) }
    #expect(observation == [1, 2, 1, 2, 1, 2, 7, 8])
  }
}
