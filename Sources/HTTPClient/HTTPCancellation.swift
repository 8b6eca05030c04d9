import Synchronization

/// Lets another thread stop a blocking transfer, e.g. a worker's download when the service
/// shuts down. libcurl polls it from its progress callback, at least once a second even while
/// the peer sends nothing; the call then throws `HTTPClientError.cancelled`.
public final class HTTPCancellation: Sendable {
    private let flag = Atomic<Bool>(false)

    public init() {}

    /// Requests cancellation; safe from any thread, idempotent.
    public func cancel() { flag.store(true, ordering: .releasing) }

    public var isCancelled: Bool { flag.load(ordering: .acquiring) }
}
