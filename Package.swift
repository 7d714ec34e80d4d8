// swift-tools-version:6.0
import Foundation
import PackageDescription

// Native libraries come from the bootstrap's cache (scripts/bootstrap.sh), never from the clone.
let deps = ProcessInfo.processInfo.environment["EZERO_DEPS"]
  ?? (ProcessInfo.processInfo.environment["HOME"] ?? "/root") + "/.cache/ezero-deps"
// EZERO_TORCH: another libtorch (headers in include/, libraries in lib/), e.g. the version a GPU machine has
// (scripts/gpu-bundle.sh); by default the bootstrap's.
let torch = ProcessInfo.processInfo.environment["EZERO_TORCH"] ?? "\(deps)/libtorch"
let ale = "\(deps)/ale"
let mujoco = "\(deps)/mujoco"
// EZERO_CUDA=1 (make ... CUDA=1): link libtorch's CUDA libraries too (they find the NVIDIA runtime
// libraries in the bootstrap's nvidia/ folder by their own rpath); the default build links the CPU ones only.
let cudaBuild = ProcessInfo.processInfo.environment["EZERO_CUDA"] == "1"

func rpath(_ dir: String) -> [String] { ["-Xlinker", "-rpath", "-Xlinker", dir] }

let package = Package(
  name: "EfficientZeroSwift",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "ezero", targets: ["ezero"]),
    .executable(name: "ezero-bench", targets: ["ezero-bench"]),
    .library(name: "EfficientZero", targets: ["EfficientZero"]),
    .library(name: "Search", targets: ["Search"]),
    .library(name: "Torch", targets: ["Torch"]),
    .library(name: "Environments", targets: ["Environments"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
  ],
  targets: [
    .target(
      name: "CTorch",
      cxxSettings: [
        .unsafeFlags(["-I\(torch)/include", "-I\(torch)/include/torch/csrc/api/include", "-w"]),
      ] + (cudaBuild ? [.define("EZERO_CUDA")] : []),
      linkerSettings: [
        .unsafeFlags(["-L\(torch)/lib"] + rpath("\(torch)/lib")),
        .linkedLibrary("torch_cpu"), .linkedLibrary("c10"),
      ] + (cudaBuild ? [
        // Nothing calls into libtorch_cuda by name (its static initialisers register the CUDA
        // kernels), so it is kept as needed explicitly.
        .unsafeFlags(["-Xlinker", "--no-as-needed", "-Xlinker", "-ltorch_cuda", "-Xlinker", "-lc10_cuda"])
      ] : [])),
    .target(name: "Torch", dependencies: ["CTorch"]),
    .target(
      name: "CALE",
      cxxSettings: [.unsafeFlags(["-I\(ale)/include"])],
      linkerSettings: [
        .unsafeFlags(["-L\(ale)/lib"]),
        .linkedLibrary("ale"), .linkedLibrary("z"), .linkedLibrary("pthread"), .linkedLibrary("stdc++"),
      ]),
    .target(
      name: "CMuJoCo",
      cxxSettings: [.unsafeFlags(["-I\(mujoco)/include"])],
      linkerSettings: [
        .unsafeFlags(["-L\(mujoco)/lib"] + rpath("\(mujoco)/lib")),
        // OSMesa is opened when the first renderer is made (renderer.cpp), not linked.
        .linkedLibrary("mujoco"), .linkedLibrary("dl"), .linkedLibrary("stdc++"),
      ]),
    .target(name: "Environments", dependencies: ["CALE", "CMuJoCo"]),
    // Double.squareRoot() and the elementary functions come from libm, which Linux links only when asked.
    .target(name: "Search", linkerSettings: [.linkedLibrary("m", .when(platforms: [.linux]))]),
    .target(
      name: "EfficientZero",
      dependencies: ["Torch", "Search", "Environments", "Metrics", .product(name: "Yams", package: "Yams")]),
    .target(
      name: "Metrics",
      dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")],
      exclude: ["Generated/tensorboard_event.proto"]),
    .target(
      name: "Benchmarks",
      dependencies: [
        "EfficientZero", "Environments", "Search", "Metrics", "Torch",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      resources: [.copy("Python")]),
    .executableTarget(name: "ezero-bench", dependencies: ["Benchmarks", "Torch"]),
    .executableTarget(
      name: "ezero",
      dependencies: [
        "Benchmarks", "EfficientZero", "Environments", "Search", "Metrics", "Torch",
        .product(name: "ArgumentParser", package: "swift-argument-parser"), .product(name: "Yams", package: "Yams"),
        .product(name: "Logging", package: "swift-log"),
      ]),
    .testTarget(name: "TorchTests", dependencies: ["Torch"]),
    .testTarget(name: "EnvironmentsTests", dependencies: ["Environments"], resources: [.copy("Resources")]),
    .testTarget(name: "SearchTests", dependencies: ["Search"], resources: [.copy("Resources")]),
    // Tags and traits every test target shares (`.slow`, `.integration`, `.notInFastRuns`).
    .target(name: "TestKinds", path: "Tests/TestKinds"),
    .testTarget(name: "EfficientZeroTests", dependencies: ["EfficientZero", "TestKinds"]),
    .testTarget(name: "MetricsTests", dependencies: ["Metrics"]),
    // Runs the built `ezero` executable (it must be built first, as `make test` does).
    .testTarget(name: "CLITests", dependencies: ["TestKinds"]),
  ],
  cxxLanguageStandard: .cxx20
)
