import Foundation
import Testing

/// The built binary is what THREAT-MODEL.md and the README say: a static position-independent
/// executable (no loader, no shared library, placed at a random address by the kernel), with its
/// relocated tables read-only once it has relocated itself (RELRO, BIND_NOW). Read from its ELF
/// headers, as `readelf -l -d` shows them.
struct HardeningTests {
    @Test("the binary is a static PIE with full RELRO, and needs no shared library")
    func staticPieAndFullRelro() throws {
        let file = try #require(FileHandle(forReadingAtPath: Harness.binary))
        defer { try? file.close() }
        func bytes(_ offset: UInt64, _ count: Int) throws -> [UInt8] {
            try file.seek(toOffset: offset)
            return [UInt8](try #require(try file.read(upToCount: count)))
        }
        func int(_ b: [UInt8], _ at: Int, _ size: Int) -> UInt64 {
            (0..<size).reduce(UInt64(0)) { $0 | UInt64(b[at + $1]) << (8 * UInt64($1)) }
        }
        let header = try bytes(0, 64)
        #expect(header.prefix(4) == [0x7F, 0x45, 0x4C, 0x46] && header[4] == 2 && header[5] == 1, "a 64-bit little-endian ELF file")
        #expect(int(header, 16, 2) == 3, "ET_DYN: position-independent")
        let (phoff, phentsize, phnum) = (int(header, 32, 8), Int(int(header, 54, 2)), Int(int(header, 56, 2)))
        let table = try bytes(phoff, phentsize * phnum)
        var types: [UInt64] = []
        var dynamic: (offset: UInt64, size: Int)?
        for i in 0..<phnum {
            let type = int(table, i * phentsize, 4)
            types.append(type)
            if type == 2 { dynamic = (int(table, i * phentsize + 8, 8), Int(int(table, i * phentsize + 32, 8))) }
        }
        #expect(!types.contains(3), "no PT_INTERP: no loader, the kernel runs it (and places it, being ET_DYN)")
        #expect(types.contains(0x6474_E552), "PT_GNU_RELRO: tables made read-only after relocation")
        let d = try #require(dynamic, "PT_DYNAMIC")
        let entries = try bytes(d.offset, d.size)
        var flags: UInt64 = 0, flags1: UInt64 = 0, relaSize: UInt64 = 0
        var tags: [UInt64] = []
        for i in 0..<d.size / 16 {
            let tag = int(entries, i * 16, 8)
            tags.append(tag)
            switch tag {
            case 8: relaSize = int(entries, i * 16 + 8, 8)
            case 30: flags = int(entries, i * 16 + 8, 8)
            case 0x6FFF_FFFB: flags1 = int(entries, i * 16 + 8, 8)
            default: break
            }
        }
        #expect(!tags.contains(1), "no DT_NEEDED: no shared library to load")
        #expect(!tags.contains(15) && !tags.contains(29), "no DT_RPATH or DT_RUNPATH, which glibc's static-PIE start-up refuses")
        #expect(flags & 0x8 != 0, "DT_FLAGS has DF_BIND_NOW")
        #expect(flags1 & 0x1 != 0 && flags1 & 0x0800_0000 != 0, "DT_FLAGS_1 has NOW and PIE")
        // link/ld: -z pack-relative-relocs. The ~27,000 relative relocations as a RELR bitmap
        // (5 KB) rather than RELA entries (645 KB, 24 bytes each), which start-up reads and applies.
        #expect(tags.contains(36), "DT_RELR: relative relocations packed")
        #expect(relaSize < 16 * 1024, "few RELA entries left (the IRELATIVE ones): \(relaSize) bytes")
    }

    @Test("the kernel places it at a different address in each process (ASLR)")
    func placedAtRandom() throws {
        /// Where the binary's first page is mapped in a session waiting on stdin: its maps are read
        /// until they show the binary (the exec done), for at most two seconds, never blocking.
        func base() throws -> String? {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: Harness.binary)
            p.arguments = ["--no-journal"]
            let input = Pipe()
            p.standardInput = input
            p.standardOutput = FileHandle.nullDevice
            try p.run()
            defer { try? input.fileHandleForWriting.close(); p.waitUntilExit() }
            for _ in 0..<200 {
                let maps = (try? String(contentsOfFile: "/proc/\(p.processIdentifier)/maps", encoding: .utf8)) ?? ""
                if let line = maps.split(separator: "\n").first(where: { $0.hasSuffix("/stance") }) {
                    return String(line.prefix { $0 != "-" })
                }
                usleep(10_000)
            }
            return nil
        }
        let bases = try (0..<3).map { _ in try #require(try base(), "the binary's mapping in /proc/PID/maps") }
        #expect(Set(bases).count == 3, "three processes, three addresses: \(bases)")
    }
}
