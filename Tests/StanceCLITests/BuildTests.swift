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
        #expect(binary.range(of: Data("FoundationEssentials".utf8)) == nil)
    }
}
