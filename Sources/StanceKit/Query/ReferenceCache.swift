#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The queries' reference indexes, one per live state, kept between lookups (a completer is made
/// for each Tab; building an index reads every entity). The model knows nothing of them: each
/// index keeps itself fresh from the state's generation counter.
///
/// States are used from one thread each, but different states may be used from different
/// threads (tests run in parallel), so the table itself is behind a lock.
final class ReferenceCache: @unchecked Sendable {
    static let shared = ReferenceCache()

    private struct Slot {
        weak var state: State?
        let index: ReferenceIndex
    }

    private var slots: [ObjectIdentifier: Slot] = [:]
    private let lock: UnsafeMutablePointer<pthread_mutex_t> = {
        let m = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(m, nil)
        return m
    }()

    func index(of state: State) -> ReferenceIndex {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        let id = ObjectIdentifier(state)
        if let slot = slots[id], slot.state === state { return slot.index }
        // A state gone leaves its slot behind until the next index is made.
        slots = slots.filter { $0.value.state != nil }
        let index = ReferenceIndex(state: state)
        slots[id] = Slot(state: state, index: index)
        return index
    }
}
