// swift-tools-version:6.0
import Foundation
import PackageDescription

// Native libraries come from the bootstrap's cache (scripts/bootstrap.sh), never from the clone.
let deps = ProcessInfo.processInfo.environment["EZERO_DEPS"]
  ?? (ProcessInfo.processInfo.environment["HOME"] ?? "/root") + "/.cache/ezero-deps"
let torch = "\(deps)/libtorch"
let ale = "\(deps)/ale"

func rpath(_ dir: String) -> [String] { ["-Xlinker", "-rpath", "-Xlinker", dir] }

let package = Package(
  name: "EfficientZeroSwift",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "ezero", targets: ["ezero"]),
    .library(name: "EfficientZero", targets: ["EfficientZero"]),
    .library(name: "Search", targets: ["Search"]),
    .library(name: "Torch", targets: ["Torch"]),
    .library(name: "Environments", targets: ["Environments"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
  ],
  targets: [
    .target(
      name: "CTorch",
      cxxSettings: [
        .unsafeFlags(["-I\(torch)/include", "-I\(torch)/include/torch/csrc/api/include", "-w"]),
      ],
      linkerSettings: [
        .unsafeFlags(["-L\(torch)/lib"] + rpath("\(torch)/lib")),
        .linkedLibrary("torch_cpu"), .linkedLibrary("c10"),
      ]),
    .target(name: "Torch", dependencies: ["CTorch"]),
    .target(
      name: "CALE",
      cxxSettings: [.unsafeFlags(["-I\(ale)/include"])],
      linkerSettings: [
        .unsafeFlags(["-L\(ale)/lib"]),
        .linkedLibrary("ale"), .linkedLibrary("z"), .linkedLibrary("pthread"), .linkedLibrary("stdc++"),
      ]),
    .target(name: "Environments", dependencies: ["CALE"]),
    .target(name: "Search"),
    .target(name: "EfficientZero", dependencies: ["Torch"]),
    .executableTarget(
      name: "ezero",
      dependencies: ["EfficientZero", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
    .testTarget(name: "TorchTests", dependencies: ["Torch"]),
    .testTarget(name: "EnvironmentsTests", dependencies: ["Environments"]),
    .testTarget(name: "SearchTests", dependencies: ["Search"]),
  ],
  cxxLanguageStandard: .cxx20
)
