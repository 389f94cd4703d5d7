// swift-tools-version:6.0
// The benchmark's in-process timings (`make bench`), in a package of their own so that building
// stance never builds them. They use StanceKit's public API only, as any other package would.
import PackageDescription

let package = Package(
    name: "stance-bench",
    dependencies: [
        .package(name: "stance", path: ".."),
    ],
    targets: [
        .executableTarget(name: "stance-bench", dependencies: [.product(name: "StanceKit", package: "stance")]),
    ]
)
