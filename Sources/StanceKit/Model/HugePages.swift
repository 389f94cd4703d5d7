#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Memory backed by huge pages (Linux's transparent huge pages, 2 MiB, where the system enables
/// them for regions that ask: `madvise` mode, Debian's default), for the one structure of a large
/// replay that is probed at random over many megabytes: the table of current stances
/// (`PairTable`, 24 MiB at a million entries).
///
/// Why: a 4 KiB page of fresh memory costs a page fault when first written, ~2.5 µs on the
/// development VM (a C program touching 550 pages: 2.4-2.9 µs each); a 2 MiB page faults once
/// (0.1-0.3 ms, zeroing included), and random probes over huge pages miss the TLB far less. A
/// million-entry replay: 52,000 page faults -> 41,000, and 2 to 4% less CPU time (30 interleaved
/// runs). Not for the arrays that only grow at their end (the texts, the stances): advised as
/// huge pages they faulted half as often but replayed a million entries 14% slower (a 2 MiB page
/// zeroed at once leaves the caches cold for the writes that follow; 4 KiB pages are zeroed
/// just before they are written). Advice only: where it is refused or not offered, memory is
/// what it was.
enum HugePages {
    static let size = 2 << 20

    /// Zeroed memory of at least `bytes`, starting at a 2 MiB boundary and advised as huge pages:
    /// the mapping (to unmap) and the aligned start; nil when it could not be mapped. The kernel
    /// maps zeroed pages: nothing is written here, so nothing faults in until it is used. Whether
    /// a structure is large enough to ask for this is its caller's to say (`PairTable`: 4 MiB).
    static func map(_ bytes: Int) -> (mapping: UnsafeMutableRawBufferPointer, start: UnsafeMutableRawPointer)? {
        let length = bytes + size
        guard let start = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              start != MAP_FAILED else { return nil }
        let aligned = UnsafeMutableRawPointer(bitPattern: (Int(bitPattern: start) + size - 1) & ~(size - 1))!
        #if os(Linux)
        _ = madvise(aligned, (bytes + size - 1) & ~(size - 1), MADV_HUGEPAGE) // advice only
        #endif
        return (UnsafeMutableRawBufferPointer(start: start, count: length), aligned)
    }
}
