import Platform
import Synchronization

/// The job store several replicas share: one PostgreSQL database.
///
/// Workers' calls (claim, renew, checkpoint, …) run on the calling thread, each on a pooled
/// connection. `enqueue` and `summary` never block their caller: they are queued to the
/// store's intake thread, which runs everything queued in one transaction and commits once
/// (group commit), then calls the completions. Claims use `FOR UPDATE SKIP LOCKED`, so that
/// replicas leasing at once never take the same job. The admin's tables (job history, owner
/// rules: `JobAdministration`) live in the same database, so every replica sees them.
///
/// While the server is unreachable, operations fail with `.unavailable` (webhooks get 503),
/// `health` says why, and the store reconnects by itself (see `PostgresPool`); a heartbeat
/// notices an outage, and the recovery, while no one is calling.
public final class PostgresJobStore: JobStore, Sendable {
    /// How the store uses the database.
    public struct Options: Sendable {
        /// Connections at most: workers, the intake thread and the heartbeat share them. Default 8.
        public var connections = 8
        /// How often an idle store checks the database, and how soon it notices a recovery. Default 1 s.
        public var heartbeat: Duration = .seconds(1)
        /// The longest wait between reconnection attempts while the database is down; the wait
        /// starts at 50 ms and doubles. Default 2 s.
        public var maxReconnectBackoff: Duration = .seconds(2)
        /// libpq's `connect_timeout` in seconds, unless the URL sets one. Default 5.
        public var connectTimeoutSeconds = 5

        public init() {}
    }

    let shared: Shared

    /// What the store and its threads share; the threads hold this, not the store, so that
    /// dropping the last reference to the store closes it.
    final class Shared: Sendable {
        let pool: PostgresPool
        let heartbeatMilliseconds: Int64
        let queue = CommitQueue<IntakeOperation>()
        let heartbeatStopped = Semaphore()
        let stopping = Atomic<Bool>(false)
        let commits = Atomic<Int>(0)
        /// The latest webhook time seen, also when it stored nothing (ms since the epoch).
        let lastWebhookAt = Atomic<Int64>(0)

        init(pool: PostgresPool, heartbeatMilliseconds: Int64) {
            self.pool = pool
            self.heartbeatMilliseconds = heartbeatMilliseconds
        }

        /// Records a webhook's time; returns the latest seen.
        func noteWebhook(at time: Int64) -> Int64 {
            var current = lastWebhookAt.load(ordering: .relaxed)
            while current < time {
                let (exchanged, original) = lastWebhookAt.compareExchange(expected: current, desired: time, ordering: .relaxed)
                if exchanged { return time }
                current = original
            }
            return current
        }
    }

    /// Starts the store's threads; connects lazily (call `open()` to connect now).
    /// - Parameter url: `postgres://user:password@host:port/database?…` or libpq's `key=value`
    ///   form. It is never logged; errors name the database without the password.
    /// - Throws: `.unavailable` when libpq cannot parse `url`.
    public init(url: String, options: Options = Options()) throws(JobStoreError) {
        let address: PostgresAddress
        do throws(PostgresError) { address = try PostgresAddress(url: url) } catch { throw .unavailable(error.message) }
        let settings = PostgresPool.Settings(size: max(2, options.connections), connectTimeoutSeconds: options.connectTimeoutSeconds,
                                             minBackoffMilliseconds: 50,
                                             maxBackoffMilliseconds: max(50, options.maxReconnectBackoff.wholeMilliseconds))
        let pool = PostgresPool(address: address, settings: settings) { db throws(PostgresError) in try PostgresSchema.migrate(db) }
        shared = Shared(pool: pool, heartbeatMilliseconds: max(10, options.heartbeat.wholeMilliseconds))
        let shared = self.shared
        startThread { PostgresIntake(shared: shared).run() }
        startThread { Self.heartbeat(shared) }
    }

    deinit { close() }

    /// Connects (and migrates) now instead of at the first operation, so that `health` is
    /// known at start. Blocks until the attempt is over.
    public func open() {
        _ = try? shared.pool.withConnection { db in try db.query("SELECT 1") }
    }

    /// Finishes queued enqueues, stops the threads and closes the connections. Later
    /// operations fail with `.unavailable`.
    public func close() {
        guard shared.queue.closeAndDrain() else { return }
        shared.stopping.store(true, ordering: .relaxed)
        shared.heartbeatStopped.wait()
        shared.pool.close()
    }

    public var health: StoreHealth { shared.pool.health }

    public func noteWebhook(at time: Int64) { _ = shared.noteWebhook(at: time) }

    /// Intake transactions committed so far: with group commit, fewer than enqueues.
    public var commitCount: Int { shared.commits.load(ordering: .relaxed) }

    /// Pings the database when nothing else did for a heartbeat, so that `health` follows an
    /// outage and the store reconnects after one without waiting for traffic.
    private static func heartbeat(_ shared: Shared) {
        let step = min(shared.heartbeatMilliseconds, 50)
        var waited: Int64 = 0
        while !shared.stopping.load(ordering: .relaxed) {
            sleep(for: .milliseconds(step))
            waited += step
            guard waited >= shared.heartbeatMilliseconds else { continue }
            waited = 0
            if shared.pool.health != .ready || shared.pool.millisecondsSinceSuccess >= shared.heartbeatMilliseconds {
                _ = try? shared.pool.withConnection { db in try db.query("SELECT 1") }
            }
        }
        shared.heartbeatStopped.signal()
    }
}

extension Duration {
    var wholeMilliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
}
