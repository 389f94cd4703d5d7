#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
internal import CAffinity

/// Starting a new thread on another core than the calling thread's, and freeing it to run on
/// any allowed core once it runs (`ReadAhead`'s reading thread).
///
/// Why: a thread made while its maker keeps working waits for the scheduler to move it to another
/// core. This VM's kernel packs threads onto as few cores as it can (`sched_vcpu_pack`), and an
/// idle core halts (`haltpoll.guest_halt_poll_ns=0`), so the reading thread of a 10,000-entry
/// replay began to run 0.42-0.77 ms (p10-p90, median 0.61, 200 runs) after the replay began, while
/// the replaying thread read the first chunk; the replaying thread then waited for chunks 4 times
/// a replay, 2.2 ms in all (medians). Started on the other core, it began after 0.22-0.40 ms
/// (median 0.28), and the replaying thread did not wait at all in most replays.
///
/// Only the start is placed: the thread then may run on every core the process may (its
/// affinity, as it was), so that the scheduler can still move it off a busy core. Kept pinned
/// for the whole replay, the two measured the same (11.54 against 11.50 ms, 300 runs).
///
/// The calls are glibc's GNU extensions (`pthread_attr_setaffinity_np` and its kin), which the
/// Glibc module does not declare: the C module `CAffinity` wraps them (and answers -1 or ENOSYS
/// where the C library is not glibc, and nothing is placed).
struct CorePlacement {
    /// The cores the process may run on, and those less the calling thread's: `cpu_set_t`s.
    let allowed: [UInt64]
    let others: [UInt64]

    /// A placement away from the calling thread's core; nil when there is no other allowed core,
    /// or no way to place a thread.
    static func awayFromCaller() -> CorePlacement? {
        guard let allowed = affinity(), let core = currentCore() else { return nil }
        var others = allowed
        if core < 64 * others.count { others[core / 64] &= ~(1 << UInt64(core % 64)) }
        guard others.contains(where: { $0 != 0 }) else { return nil }
        return CorePlacement(allowed: allowed, others: others)
    }

    /// A `cpu_set_t` in 64-bit words (1,024 cores).
    static let words = 16

    /// The core the calling thread runs on.
    static func currentCore() -> Int? {
        let core = Int(stance_current_core())
        return core >= 0 ? core : nil
    }

    /// The cores the calling thread may run on.
    static func affinity() -> [UInt64]? {
        var set = [UInt64](repeating: 0, count: words)
        guard set.withUnsafeMutableBytes({ stance_thread_affinity(pthread_self(), $0.count, $0.baseAddress!) }) == 0 else { return nil }
        return set
    }

    /// How many cores the calling thread may run on (as `taskset` or a container's cpuset limits
    /// it), or nil where that cannot be read.
    static func allowedCores() -> Int? {
        affinity().map { $0.reduce(0) { $0 + $1.nonzeroBitCount } }
    }

    /// Makes a thread created with `attr` start on one of the other cores.
    func apply(to attr: inout pthread_attr_t) {
        _ = others.withUnsafeBytes { stance_set_attr_affinity(&attr, $0.count, $0.baseAddress!) }
    }

    /// Called by the new thread: it may run on every allowed core again.
    func release() {
        _ = allowed.withUnsafeBytes { stance_set_thread_affinity(pthread_self(), $0.count, $0.baseAddress!) }
    }
}
