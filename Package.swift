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
        // glibc's thread-placement calls (GNU extensions the Glibc module leaves out), for
        // StanceKit's CorePlacement: four C wrappers.
        .target(name: "CAffinity"),
        // Pure Swift: model, language, journal, queries, exports, diagnostics. No terminal code.
        .target(name: "StanceKit", dependencies: ["CAffinity"]),
        // The executable: command line, REPL loop, line editors, rendering.
        .executableTarget(
            name: "stance",
            dependencies: [
                "StanceKit",
                "CLibEdit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // On Linux, a static PIE: the Swift runtime, the C and C++ libraries, libedit and what it
            // needs all linked in (and Foundation Essentials, where ArgumentParser is built unpatched,
            // as a plain `swift build` in a fresh clone builds it: see scripts/swiftpm), so that a start
            // loads no library and binds no symbol, and the kernel still places the program at a random
            // address. Against the dynamic PIE before (the runtime linked in, libc and libm loaded):
            // `-c help` 4.87 -> 3.84 ms, a 10,000-entry replay 11.48 -> 10.32 ms (300 interleaved runs).
            // The -l flags: the static libraries Foundation Essentials needs (unused, and so not linked,
            // when ArgumentParser is patched), and those libedit needs
            // (CLibEdit's module map links libedit; pkg-config --static names -ltermcap, which Debian
            // provides as libtinfo). link/ld is the toolchain's lld less the -rpath SwiftPM adds,
            // which glibc's start-up of a static PIE refuses (see the file). -z relro -z now: full
            // RELRO, the relocated tables read-only once the program has relocated itself
            // (HardeningTests).
            linkerSettings: [.unsafeFlags(["-static-executable", "-Xclang-linker", "-static-pie", "-use-ld=\(Context.packageDirectory)/link/ld",
                                           "-l_FoundationCollections", "-l_FoundationCShims", "-lswiftSynchronization",
                                           "-ltinfo", "-lbsd", "-lmd", "-Xlinker", "-z", "-Xlinker", "relro", "-Xlinker", "-z", "-Xlinker", "now"],
                                          .when(platforms: [.linux]))]
        ),
        // In-process timings for `make bench` (queries, completion); never part of `swift test`.
        .executableTarget(name: "stance-bench", dependencies: ["StanceKit"], path: "Sources/stance-bench"),
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
