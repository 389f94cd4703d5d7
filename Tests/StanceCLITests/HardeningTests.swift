import Foundation
import Testing

/// The built binary is what THREAT-MODEL.md says: a position-independent executable, which the
/// kernel and the loader place at a random address, with its relocated tables made read-only
/// after relocation (RELRO). Read from its ELF headers, as `readelf -h -l -d` shows them.
struct HardeningTests {
    @Test("the binary is a PIE with a RELRO segment")
    func pieWithRelro() throws {
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
        #expect(types.contains(0x6474_E552), "PT_GNU_RELRO: tables made read-only after relocation")
        let d = try #require(dynamic, "PT_DYNAMIC")
        let entries = try bytes(d.offset, d.size)
        var flags1: UInt64 = 0
        for i in 0..<d.size / 16 where int(entries, i * 16, 8) == 0x6FFF_FFFB {
            flags1 = int(entries, i * 16 + 8, 8)
        }
        #expect(flags1 & 0x0800_0000 != 0, "DT_FLAGS_1 has PIE")
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
