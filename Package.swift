// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "stance",
    products: [
        .executable(name: "stance", targets: ["stance"]),
        .library(name: "StanceKit", targets: ["StanceKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // libedit's header (<histedit.h>, from libedit-dev) with small non-variadic C wrappers (Swift
        // cannot call el_set/history); the module map links libedit.
        .systemLibrary(name: "CLibEdit", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        // Pure Swift: model, language, journal, queries, exports, diagnostics. No terminal code.
        .target(name: "StanceKit"),
        // The executable: command line, REPL loop, line editors, rendering.
        .executableTarget(
            name: "stance",
            dependencies: [
                "StanceKit",
                "CLibEdit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "StanceKitTests", dependencies: ["StanceKit"]),
        .testTarget(name: "StanceCLITests", dependencies: ["StanceKit"]),
    ]
)

// The libFuzzer target (`make fuzz`): only when asked for, since without `-sanitize=fuzzer` it has
// no `main` and would break `swift build` of the whole package.
if Context.environment["STANCE_FUZZ"] == "1" {
    package.products.append(.executable(name: "StanceFuzz", targets: ["StanceFuzz"]))
    package.targets.append(.executableTarget(name: "StanceFuzz", dependencies: ["StanceKit"], path: "Sources/StanceFuzz"))
}
