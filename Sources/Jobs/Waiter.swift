import Platform
import Synchronization

/// Blocks the calling thread until a callback-style operation completes.
final class Waiter<T: Sendable>: Sendable {
    private let slot = Mutex<Result<T, JobStoreError>?>(nil)
    private let semaphore = Semaphore()

    func complete(_ result: Result<T, JobStoreError>) {
        slot.withLock { $0 = result }
        semaphore.signal()
    }

    func wait() throws(JobStoreError) -> T {
        semaphore.wait()
        guard let result = slot.withLock({ $0 }) else { throw .unavailable("no result") }
        return try result.get()
    }
}

func waitFor<T: Sendable>(_ start: (@escaping @Sendable (Result<T, JobStoreError>) -> Void) -> Void) throws(JobStoreError) -> T {
    let waiter = Waiter<T>()
    start { waiter.complete($0) }
    return try waiter.wait()
}
