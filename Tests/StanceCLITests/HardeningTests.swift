import Foundation
import Testing

/// The built binary is hardened as THREAT-MODEL.md says: a position-independent executable, every
/// symbol bound at start-up and the relocated tables read-only after (full RELRO). Read from its
/// ELF headers, as `readelf -l -d` shows them.
struct HardeningTests {
    @Test("the binary is a PIE with full RELRO (BIND_NOW and a GNU_RELRO segment)")
    func pieAndFullRelro() throws {
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
        #expect(types.contains(3), "PT_INTERP: loaded by ld.so, so placed at a random address")
        #expect(types.contains(0x6474_E552), "PT_GNU_RELRO: tables made read-only after relocation")
        let d = try #require(dynamic, "PT_DYNAMIC")
        let entries = try bytes(d.offset, d.size)
        var flags: UInt64 = 0, flags1: UInt64 = 0
        for i in 0..<d.size / 16 {
            switch int(entries, i * 16, 8) {
            case 30: flags = int(entries, i * 16 + 8, 8)
            case 0x6FFF_FFFB: flags1 = int(entries, i * 16 + 8, 8)
            default: break
            }
        }
        #expect(flags & 0x8 != 0, "DT_FLAGS has DF_BIND_NOW")
        #expect(flags1 & 0x1 != 0 && flags1 & 0x0800_0000 != 0, "DT_FLAGS_1 has NOW and PIE")
    }
}
