import Platform
import Synchronization

/// Operations waiting for a store's one committing thread (SQLite's writer, PostgreSQL's
/// intake), handed over in batches so that one commit covers a burst of webhooks.
final class CommitQueue<Operation: Sendable>: Sendable {
    /// The most operations one transaction takes.
    static var batchLimit: Int { 512 }

    private struct State {
        var operations: [Operation] = []
        var closed = false
    }

    private let state = Mutex(State())
    /// Counts submits and the close: the thread wakes once for each, finding a batch or nothing.
    private let wake = Semaphore()
    private let drained = Semaphore()

    /// Queues `operation` for the thread.
    /// - Returns: false, and queues nothing, once the queue is closed.
    func submit(_ operation: Operation) -> Bool {
        let accepted = state.withLock { state -> Bool in
            guard !state.closed else { return false }
            state.operations.append(operation)
            return true
        }
        if accepted { wake.signal() }
        return accepted
    }

    /// For the thread: blocks until woken, then takes up to `batchLimit` operations (none on a
    /// wake whose operations an earlier batch took). `isLast`: the queue is closed and this was
    /// its end; the thread runs the batch, calls `finished()` and stops.
    func next() -> (batch: [Operation], isLast: Bool) {
        wake.wait()
        return state.withLock { state in
            let batch = Array(state.operations.prefix(Self.batchLimit))
            state.operations.removeFirst(batch.count)
            return (batch, state.closed && state.operations.isEmpty)
        }
    }

    /// For the thread, after its last batch.
    func finished() { drained.signal() }

    /// Refuses new operations and blocks until the thread has run those queued and stopped.
    /// - Returns: false when the queue was already closed (nothing waited for).
    @discardableResult
    func closeAndDrain() -> Bool {
        let first = state.withLock { state -> Bool in
            defer { state.closed = true }
            return !state.closed
        }
        guard first else { return false }
        wake.signal()
        drained.wait()
        return true
    }
}
