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

    @Test("the functions a start and a replay run are laid out first (link/order.txt, link/ld)",
          .enabled(if: builtByScript, "built by scripts/swiftpm"))
    func functionsLaidOutFirst() throws {
        // The order's first group (the functions in sections of their own), as the binary holds them.
        let order = try String(contentsOf: Harness.root.appendingPathComponent("link/order.txt"), encoding: .utf8)
        let first = order.components(separatedBy: "\n# In sections of more than 32 KB")[0]
            .split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init)
        let addresses = try BuildTests.functionAddresses(Harness.binary)
        let code = try #require(BuildTests.codeRange(Harness.binary), "readelf finds the program's code")
        let offsets = first.compactMap { addresses[$0] }.map { $0 - code.lowerBound }.sorted()
        #expect(offsets.count > first.count / 2, "the binary holds most of the listed functions (\(offsets.count) of \(first.count))")
        // Laid out as listed, 95% of them lie in the first fifth of a release build's code, a third
        // of a debug build's; as the compiler left them, over 90% of it.
        let p95 = offsets[offsets.count * 95 / 100]
        #expect(p95 < code.count / 2, "95% of the listed functions within \(p95 / 1024) KB of \(code.count / 1024) KB of code")
    }

    /// Every function symbol of `binary` (`nm`), by name: its address (the first, for a local name
    /// defined more than once).
    static func functionAddresses(_ binary: String) throws -> [String: Int] {
        var addresses: [String: Int] = [:]
        for line in try BuildTests.output(["nm", "--defined-only", binary]).split(separator: "\n") {
            let p = line.split(separator: " ")
            guard p.count == 3, "tTwW".contains(p[1]), let a = Int(p[0], radix: 16) else { continue }
            if addresses[String(p[2])] == nil { addresses[String(p[2])] = a }
        }
        return addresses
    }

    /// The addresses of `binary`'s `.text` (`readelf -S`).
    static func codeRange(_ binary: String) -> Range<Int>? {
        guard let sections = try? BuildTests.output(["readelf", "-S", "-W", binary]) else { return nil }
        for line in sections.split(separator: "\n") where line.contains(" .text ") {
            let p = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let i = p.firstIndex(of: ".text"), p.count > i + 4,
                  let start = Int(p[i + 2], radix: 16), let size = Int(p[i + 4], radix: 16) else { continue }
            return start..<start + size
        }
        return nil
    }

    static func output(_ command: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = command
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
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
