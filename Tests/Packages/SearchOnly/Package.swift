// swift-tools-version:6.0
// A package that depends on the Search library alone: it must build and link by itself
// (make test builds it), without the other targets bringing in the system libraries it needs.
import Foundation
import PackageDescription

// The project's package, by path: its identity is its folder's name, whatever the clone is called.
let project = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../..").standardizedFileURL

let package = Package(
  name: "SearchOnly",
  dependencies: [.package(path: project.path)],
  targets: [
    .executableTarget(
      name: "SearchOnly", dependencies: [.product(name: "Search", package: project.lastPathComponent.lowercased())])
  ]
)
