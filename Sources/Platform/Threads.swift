#if canImport(Glibc)
import Glibc
#endif

/// Runs `body` on a new POSIX thread and returns its handle (for `pthread_join`). The event
/// loops and the store writers are long-lived threads of their own, outside Swift
/// concurrency's cooperative pool, because they block in epoll_wait and fsync.
@discardableResult
public func startThread(_ body: @escaping @Sendable () -> Void) -> pthread_t {
    final class Box: Sendable {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
    let box = Unmanaged.passRetained(Box(body)).toOpaque()
    var thread = pthread_t()
    let rc = pthread_create(&thread, nil, { argument in
        guard let argument else { return nil }
        Unmanaged<Box>.fromOpaque(argument).takeRetainedValue().body()
        return nil
    }, box)
    precondition(rc == 0, "pthread_create failed: \(rc)")
    return thread
}

/// Nanoseconds on the monotonic clock, for timeouts: never the wall clock.
@inline(__always)
public func monotonicNanos() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
}

/// Milliseconds on the monotonic clock.
public func monotonicMilliseconds() -> Int64 { monotonicNanos() / 1_000_000 }

/// Milliseconds since the Unix epoch on the wall clock: the unit of stored timestamps.
public func epochMilliseconds() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
}

/// Blocks the calling thread for `duration` (nanosleep, resumed after signals). For worker
/// threads' backoff, never for an event loop.
public func sleep(for duration: Duration) {
    let ns = max(0, duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    var request = timespec(tv_sec: Int(ns / 1_000_000_000), tv_nsec: Int(ns % 1_000_000_000))
    var remaining = timespec()
    while nanosleep(&request, &remaining) != 0, errno == EINTR { request = remaining }
}
