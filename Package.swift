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
        // cannot call el_set/history). Not linked, and so not found through pkg-config (whose only
        // flag, -ledit, would link it): an interactive session loads it (dlopen, libedit.so.2), so a
        // script, a pipe or -c does not pay for loading it and libtinfo, libbsd and libmd.
        .systemLibrary(name: "CLibEdit"),
        // Pure Swift: model, language, journal, queries, exports, diagnostics. No terminal code.
        .target(name: "StanceKit"),
        // The executable: command line, REPL loop, line editors, rendering.
        .executableTarget(
            name: "stance",
            dependencies: [
                "StanceKit",
                "CLibEdit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // The Swift runtime linked in: start-up of `stance -c help` went from ~11 ms to ~7 ms
            // (no dynamic loading and relocation of libswiftCore and friends). The -l flags are the static
            // libraries FoundationEssentials (used by ArgumentParser) needs, which --static-swift-stdlib adds.
            // link/ first on the library path: its libstdc++.so is a linker script that links the
            // C++ library in from libstdc++.a (see the file; ~0.3 ms less start-up).
            // -static-libgcc: the unwinder linked in too, so that libgcc_s.so.1 is not looked for,
            // loaded and relocated at every start (`-c help` 4.77 -> 4.62 ms, 300 interleaved runs;
            // nine page faults fewer). Only libc and libm are left to load.
            // -z now: full RELRO, the GOT read-only once the loader bound every symbol at start-up
            // (hardening; `-c help` 3.78 against 3.82 ms, 300 interleaved runs: no cost measured).
            linkerSettings: [.unsafeFlags(["-static-stdlib", "-l_FoundationCollections", "-l_FoundationCShims", "-lswiftSynchronization",
                                           "-L\(Context.packageDirectory)/link", "-Xclang-linker", "-static-libgcc", "-Xlinker", "-z", "-Xlinker", "now"],
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
