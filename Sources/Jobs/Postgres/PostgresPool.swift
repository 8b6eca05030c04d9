import Platform
import Synchronization

/// A few connections to one database, each lent to one thread at a time. A borrower blocks
/// while all are lent (workers and the store's threads, never an event loop).
///
/// When the server goes away (a lost connection, SQLSTATE class 08, 57P01 admin shutdown) the
/// connection is dropped, the idle ones with it, and `health` turns unavailable; the next
/// borrower reconnects, no more often than the backoff allows (doubling up to a limit), and
/// until then fails at once with the last reason. A success makes `health` ready again.
final class PostgresPool: Sendable {
    struct Settings: Sendable {
        var size: Int
        var connectTimeoutSeconds: Int
        var minBackoffMilliseconds: Int64
        var maxBackoffMilliseconds: Int64
    }

    let address: PostgresAddress
    let settings: Settings
    /// Runs once on the first connection that succeeds (the schema migrations), again after
    /// it failed; a connection it fails on is not used.
    private let prepare: @Sendable (PostgresConnection) throws(PostgresError) -> Void
    private let permits: Semaphore
    private let state = Mutex<State>(State())
    private let currentHealth: Mutex<StoreHealth>
    /// Monotonic milliseconds of the last statement that succeeded.
    private let lastSuccess = Atomic<Int64>(0)

    private struct State {
        var idle: [PostgresConnection] = []
        var closed = false
        var prepared = false
        /// No connection attempt before this (monotonic ms).
        var retryAt: Int64 = 0
        var backoff: Int64 = 0
        var lastFailure = ""
    }

    init(address: PostgresAddress, settings: Settings,
         prepare: @escaping @Sendable (PostgresConnection) throws(PostgresError) -> Void) {
        self.address = address
        self.settings = settings
        self.prepare = prepare
        permits = Semaphore(value: UInt32(max(1, settings.size)))
        currentHealth = Mutex(.unavailable(reason: "not yet connected to PostgreSQL at \(address.display)"))
    }

    var health: StoreHealth { currentHealth.withLock { $0 } }

    var millisecondsSinceSuccess: Int64 { monotonicMilliseconds() - lastSuccess.load(ordering: .relaxed) }

    /// Lends a connection to `body`. Database errors come out as `.unavailable` with the
    /// server's message (the password scrubbed); a `JobStoreError` thrown by `body` passes
    /// through. A transaction `body` left open is rolled back.
    func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws(JobStoreError) -> T {
        permits.wait()
        defer { permits.signal() }
        let connection = try checkout()
        do {
            let value = try body(connection)
            checkin(connection)
            lastSuccess.store(monotonicMilliseconds(), ordering: .relaxed)
            currentHealth.withLock { $0 = .ready }
            return value
        } catch let error as PostgresError {
            let reason = address.redact(error.description)
            if error.isConnectionLost {
                dropIdle()  // the server went away: the others are gone too
            } else {
                checkin(connection)
            }
            if error.isUnavailable { currentHealth.withLock { $0 = .unavailable(reason: "PostgreSQL at \(address.display): \(reason)") } }
            throw .unavailable(reason)
        } catch let error as JobStoreError {
            checkin(connection)
            throw error
        } catch {
            checkin(connection)
            throw .unavailable(address.redact("\(error)"))
        }
    }

    /// Closes the idle connections; lent ones close when they come back. Later borrowers fail.
    func close() {
        let idle = state.withLock { state in
            state.closed = true
            defer { state.idle = [] }
            return state.idle
        }
        _ = idle  // released (PQfinish) here, outside the lock
    }

    // MARK: - Lending

    private func checkout() throws(JobStoreError) -> PostgresConnection {
        while true {
            let (candidate, closed) = state.withLock { ($0.closed ? nil : $0.idle.popLast(), $0.closed) }
            if closed { throw .unavailable("the job store is closed") }
            guard let candidate else { break }
            if candidate.isUsable { return candidate }
            dropIdle()  // closed by the server (a restart): the rest are likely stale too
        }
        return try connect()
    }

    private func connect() throws(JobStoreError) -> PostgresConnection {
        let now = monotonicMilliseconds()
        let waiting = state.withLock { $0.retryAt > now ? $0.lastFailure : nil }
        if let waiting { throw .unavailable(waiting) }
        do throws(PostgresError) {
            let connection = try PostgresConnection(address, connectTimeout: settings.connectTimeoutSeconds,
                                                    applicationName: "zoom2kaltura")
            if !state.withLock({ $0.prepared }) {
                try prepare(connection)
                state.withLock { $0.prepared = true }
            }
            state.withLock { state in
                state.backoff = 0
                state.retryAt = 0
            }
            return connection
        } catch {
            let reason = "PostgreSQL at \(address.display): \(address.redact(error.description))"
            state.withLock { state in
                state.backoff = min(max(state.backoff * 2, settings.minBackoffMilliseconds), settings.maxBackoffMilliseconds)
                state.retryAt = monotonicMilliseconds() + state.backoff
                state.lastFailure = reason
            }
            currentHealth.withLock { $0 = .unavailable(reason: reason) }
            throw .unavailable(reason)
        }
    }

    private func checkin(_ connection: PostgresConnection) {
        if connection.inTransaction {
            do throws(PostgresError) { try connection.execute("ROLLBACK") } catch { return }  // dropped
        }
        state.withLock { state in
            guard !state.closed else { return }
            state.idle.append(connection)
        }
    }

    private func dropIdle() {
        let idle = state.withLock { state in
            defer { state.idle = [] }
            return state.idle
        }
        _ = idle
    }
}
