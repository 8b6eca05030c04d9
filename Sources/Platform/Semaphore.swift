#if canImport(Glibc)
import Glibc
#endif

/// A counting semaphore on POSIX `sem_t`: the store's threads block on it, never an event loop.
public final class Semaphore: @unchecked Sendable {
    // Invariant for @unchecked Sendable: `handle` is only used through sem_* calls, which are
    // thread-safe, and is destroyed in deinit when no thread can be waiting.
    private let handle: UnsafeMutablePointer<sem_t>

    public init(value: UInt32 = 0) {
        handle = .allocate(capacity: 1)
        sem_init(handle, 0, value)
    }

    deinit {
        sem_destroy(handle)
        handle.deallocate()
    }

    public func signal() { sem_post(handle) }

    public func wait() {
        while sem_wait(handle) != 0, errno == EINTR {}
    }
}
