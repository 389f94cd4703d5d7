import Foundation
import Testing

/// What `scripts/swiftpm` does to the build (it sets STANCE_SWIFTPM=1 for the tests it runs): a
/// plain `swift test` builds ArgumentParser unpatched, so there these tests do not apply.
struct BuildTests {
    static let builtByScript = ProcessInfo.processInfo.environment["STANCE_SWIFTPM"] == "1"

    @Test("the binary carries no Foundation Essentials (patches/swift-argument-parser-without-foundation.patch)",
          .enabled(if: builtByScript, "built by scripts/swiftpm"))
    func noFoundationEssentials() throws {
        let binary = try Data(contentsOf: URL(fileURLWithPath: Harness.binary))
        // Every Swift symbol and type name of the module holds its name; a build with it linked
        // holds it some 22,000 times.
        #expect(binary.withUnsafeBytes { BuildTests.contains($0, Array("ArgumentParser".utf8)) }, "the search finds a module that is linked")
        #expect(!binary.withUnsafeBytes { BuildTests.contains($0, Array("FoundationEssentials".utf8)) })
    }

    /// Whether `needle` occurs in `haystack`: `memchr` for its first byte, then `memcmp` (a debug
    /// build's `Data.range(of:)` took 19 s over the 22 MB binary).
    static func contains(_ haystack: UnsafeRawBufferPointer, _ needle: [UInt8]) -> Bool {
        guard let base = haystack.baseAddress, !needle.isEmpty else { return needle.isEmpty }
        var from = 0
        while haystack.count - from >= needle.count {
            guard let hit = memchr(base + from, Int32(needle[0]), haystack.count - from - needle.count + 1) else { return false }
            let at = base.distance(to: UnsafeRawPointer(hit))
            if memcmp(base + at, needle, needle.count) == 0 { return true }
            from = at + 1
        }
        return false
    }
}
