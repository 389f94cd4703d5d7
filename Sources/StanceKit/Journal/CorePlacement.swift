#if canImport(Glibc)
import Glibc
#endif

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
/// Glibc module does not declare: they are looked up in the C library once. Where they are
/// missing (not Linux, or another C library without them), nothing is placed.
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

    /// The core the calling thread runs on.
    static func currentCore() -> Int? {
        #if os(Linux)
        guard let c = Calls.shared else { return nil }
        let core = Int(c.currentCore())
        return core >= 0 ? core : nil
        #else
        return nil
        #endif
    }

    /// The cores the calling thread may run on.
    static func affinity() -> [UInt64]? {
        #if os(Linux)
        guard let c = Calls.shared else { return nil }
        var set = [UInt64](repeating: 0, count: Calls.words)
        guard set.withUnsafeMutableBytes({ c.getAffinity(pthread_self(), $0.count, $0.baseAddress!) }) == 0 else { return nil }
        return set
        #else
        return nil
        #endif
    }

    /// Makes a thread created with `attr` start on one of the other cores.
    func apply(to attr: inout pthread_attr_t) {
        #if os(Linux)
        _ = others.withUnsafeBytes { Calls.shared!.setAttrAffinity(&attr, $0.count, $0.baseAddress!) }
        #endif
    }

    /// Called by the new thread: it may run on every allowed core again.
    func release() {
        #if os(Linux)
        _ = allowed.withUnsafeBytes { Calls.shared!.setAffinity(pthread_self(), $0.count, $0.baseAddress!) }
        #endif
    }

    #if os(Linux)
    /// glibc's calls, found once.
    private struct Calls: @unchecked Sendable {
        /// A `cpu_set_t` in 64-bit words (1,024 cores).
        static let words = 16
        let currentCore: @convention(c) () -> Int32
        let getAffinity: @convention(c) (pthread_t, Int, UnsafeMutableRawPointer) -> Int32
        let setAffinity: @convention(c) (pthread_t, Int, UnsafeRawPointer) -> Int32
        let setAttrAffinity: @convention(c) (UnsafeMutablePointer<pthread_attr_t>, Int, UnsafeRawPointer) -> Int32

        static let shared: Calls? = {
            // The program's own handle: its symbols and those of the libraries it loaded.
            guard let program = dlopen(nil, RTLD_NOW),
                  let a = dlsym(program, "sched_getcpu"), let b = dlsym(program, "pthread_getaffinity_np"),
                  let c = dlsym(program, "pthread_setaffinity_np"), let d = dlsym(program, "pthread_attr_setaffinity_np")
            else { return nil }
            return Calls(currentCore: unsafeBitCast(a, to: (@convention(c) () -> Int32).self),
                         getAffinity: unsafeBitCast(b, to: (@convention(c) (pthread_t, Int, UnsafeMutableRawPointer) -> Int32).self),
                         setAffinity: unsafeBitCast(c, to: (@convention(c) (pthread_t, Int, UnsafeRawPointer) -> Int32).self),
                         setAttrAffinity: unsafeBitCast(d, to: (@convention(c) (UnsafeMutablePointer<pthread_attr_t>, Int, UnsafeRawPointer) -> Int32).self))
        }()
    }
    #endif
}
