import Crypto
import Synchronization

/// Bodies stored recently, by SHA-256, with the job ids they gave. A repeated delivery (a Zoom
/// retry, a duplicate subscription) carries the same body under a new signature: once the
/// signature checks out, the answer is known without decoding or touching the store. Bounded:
/// the oldest entries go first; a miss simply takes the normal path, which is idempotent too.
final class RecentDeliveries: Sendable {
    struct Key: Hashable, Sendable {
        let a, b, c, d: UInt64

        init(body: [UInt8]) {
            let digest = Digest.sha256(body)
            func word(_ i: Int) -> UInt64 { digest[i..<(i + 8)].reduce(0) { $0 << 8 | UInt64($1) } }
            (a, b, c, d) = (word(0), word(8), word(16), word(24))
        }
    }

    private struct State {
        var ids: [Key: [Int64]] = [:]
        var order: [Key] = []
        var next = 0
    }

    private let capacity: Int
    private let state = Mutex(State())

    /// - Parameter capacity: entries kept (about 100 bytes each).
    init(capacity: Int = 50_000) {
        precondition(capacity > 0)
        self.capacity = capacity
    }

    /// The job ids stored for this body, if it was stored recently.
    func ids(for key: Key) -> [Int64]? {
        state.withLock { $0.ids[key] }
    }

    /// Remembers a body whose jobs are committed.
    func remember(_ key: Key, ids: [Int64]) {
        state.withLock { state in
            guard state.ids.updateValue(ids, forKey: key) == nil else { return }
            if state.order.count < capacity {
                state.order.append(key)
            } else {
                state.ids.removeValue(forKey: state.order[state.next])
                state.order[state.next] = key
                state.next = (state.next + 1) % capacity
            }
        }
    }
}
