import CSQLite
import Platform
import Synchronization

/// The embedded job store: one SQLite file in WAL mode with `synchronous=FULL`, written by one
/// thread that commits in groups.
///
/// Every operation is queued to the writer thread. The thread takes everything queued, runs it
/// in one transaction (each operation in its own savepoint, so one failing operation does not
/// undo the others) and commits once: a burst of webhooks costs one fsync, not one each. An
/// operation's completion runs only after that commit, so a webhook is answered 200 only once
/// its job is on disk.
///
/// `synchronous=FULL` rather than NORMAL: in WAL mode NORMAL survives a process crash but can
/// lose the last commits on power loss, and Zoom retries a delivery only three times; group
/// commit already amortises the extra fsync.
public final class SQLiteJobStore: JobStore, Sendable {
    let shared: Shared

    /// What the store and its writer thread share. The writer holds this, not the store, so
    /// that dropping the last reference to the store closes it.
    final class Shared: Sendable {
        let path: String
        let busyTimeout: Int32
        let pragmas: [String]
        let queue = CommitQueue<Operation>()
        let health = Mutex<StoreHealth>(.unavailable(reason: "opening"))
        let commits = Atomic<Int>(0)
        /// The latest webhook time seen, also when it stored nothing (ms since the epoch).
        let lastWebhookAt = Atomic<Int64>(0)

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

        init(path: String, busyTimeout: Int32, pragmas: [String]) {
            self.path = path
            self.busyTimeout = busyTimeout
            self.pragmas = pragmas
        }
    }

    /// Opens (creating if needed) the database and starts the writer thread. A database that
    /// cannot be opened leaves the store unavailable, not the process dead: operations fail
    /// with `.unavailable` and the store tries to open it again, at most once a second.
    /// - Parameters:
    ///   - path: the SQLite file; its directory must exist.
    ///   - busyTimeout: how long to wait for a lock held by another process.
    ///   - pragmas: extra `PRAGMA` statements run after opening (tests use `max_page_count`).
    public init(path: String, busyTimeout: Duration = .seconds(5), pragmas: [String] = []) {
        let milliseconds = busyTimeout.components.seconds * 1000 + busyTimeout.components.attoseconds / 1_000_000_000_000_000
        shared = Shared(path: path, busyTimeout: Int32(clamping: milliseconds), pragmas: pragmas)
        let writer = Writer(shared: shared)
        startThread { writer.run() }
    }

    deinit { close() }

    /// Finishes queued operations, stops the writer thread and closes the file. Later
    /// operations fail with `.unavailable`.
    public func close() {
        shared.queue.closeAndDrain()
    }

    public var health: StoreHealth { shared.health.withLock { $0 } }

    public func noteWebhook(at time: Int64) { _ = shared.noteWebhook(at: time) }

    /// Transactions committed so far: with group commit, far fewer than operations.
    public var commitCount: Int { shared.commits.load(ordering: .relaxed) }

    // MARK: - Queueing

    /// Queues `work` for the writer thread; `completion` gets its result after the commit.
    func submit<T: Sendable>(_ work: @escaping @Sendable (SQLiteConnection) throws -> T,
                             completion: @escaping @Sendable (Result<T, JobStoreError>) -> Void) {
        guard shared.queue.submit(Operation(work: work, completion: completion)) else {
            completion(.failure(.unavailable("the job store is closed")))
            return
        }
    }

    /// `submit`, blocking the calling thread (a worker's, never an event loop's) until done.
    func perform<T: Sendable>(_ work: @escaping @Sendable (SQLiteConnection) throws -> T) throws(JobStoreError) -> T {
        try waitFor { done in submit(work, completion: done) }
    }

    // MARK: - The writer thread

    /// State owned by the writer thread alone.
    private final class Writer: @unchecked Sendable {
        // Invariant for @unchecked Sendable: created before the thread starts and used only on it.
        let store: Shared
        var connection: SQLiteConnection?
        var lastOpenAttempt: Int64?

        init(shared: Shared) { self.store = shared }

        func run() {
            while true {
                let (batch, isLast) = store.queue.next()
                if !batch.isEmpty { execute(batch) }
                if isLast {
                    connection = nil
                    store.queue.finished()
                    return
                }
            }
        }

        private func execute(_ batch: [Operation]) {
            guard let db = openIfNeeded() else {
                let reason = store.health.withLock { $0.reason } ?? "cannot open the database"
                for operation in batch { operation.deliver(.unavailable(reason)) }
                return
            }
            do throws(SQLiteConnection.Failure) {
                // Prepared once and cached: these run per operation on the hot path.
                try db.statement("BEGIN IMMEDIATE").run()
                for operation in batch {
                    try db.statement("SAVEPOINT op").run()
                    let succeeded = try operation.execute(db)
                    db.resetStatements()
                    if !succeeded { try db.statement("ROLLBACK TO op").run() }
                    try db.statement("RELEASE op").run()
                }
                try db.statement("COMMIT").run()
                store.commits.add(1, ordering: .relaxed)
                store.health.withLock { $0 = .ready }
                for operation in batch { operation.deliver(nil) }
            } catch {
                db.resetStatements()
                try? db.execute("ROLLBACK")
                let reason = error.description
                if error.isUnavailable { store.health.withLock { $0 = .unavailable(reason: reason) } }
                // A corrupt or vanished file is reopened (and re-checked) on the next batch.
                if [SQLITE_CORRUPT, SQLITE_NOTADB, SQLITE_CANTOPEN].contains(error.code & 0xFF) { connection = nil }
                for operation in batch { operation.deliver(.unavailable(reason)) }
            }
        }

        private func openIfNeeded() -> SQLiteConnection? {
            if let connection { return connection }
            let now = monotonicMilliseconds()
            if let last = lastOpenAttempt, now - last < 1000 { return nil }
            lastOpenAttempt = now
            do throws(SQLiteConnection.Failure) {
                let db = try SQLiteConnection(path: store.path, busyTimeoutMilliseconds: store.busyTimeout)
                try db.execute("PRAGMA journal_mode = WAL")
                try db.execute("PRAGMA synchronous = FULL")
                for pragma in store.pragmas { try db.execute(pragma) }
                try SQLiteSchema.migrate(db)
                connection = db
                store.health.withLock { $0 = .ready }
                return db
            } catch {
                store.health.withLock { $0 = .unavailable(reason: "cannot open \(store.path): \(error)") }
                return nil
            }
        }
    }

    /// Opens the database now instead of at the first operation, so that `health` is known at
    /// start. Blocks until the writer thread has tried.
    public func open() {
        _ = try? perform { _ in () }
    }
}

/// One queued operation, type-erased. Its work runs on the writer thread inside the batch's
/// transaction; its completion runs after the commit.
final class Operation: @unchecked Sendable {
    // Invariant for @unchecked Sendable: `outcome` is written by `execute` and read by
    // `deliver`, both on the writer thread, one after the other.
    private let run: (SQLiteConnection) -> Bool
    private let finish: (JobStoreError?) -> Void

    init<T: Sendable>(work: @escaping @Sendable (SQLiteConnection) throws -> T,
                      completion: @escaping @Sendable (Result<T, JobStoreError>) -> Void) {
        let box = ResultBox<T>()
        run = { db in
            do {
                box.result = .success(try work(db))
                return true
            } catch let error as JobStoreError {
                box.result = .failure(error)
                return false
            } catch {
                // SQLite errors abort the whole batch: rethrown by `execute` below.
                box.sqliteFailure = error as? SQLiteConnection.Failure
                    ?? SQLiteConnection.Failure(code: SQLITE_ERROR, message: "\(error)")
                return false
            }
        }
        finish = { batchError in
            if let batchError { completion(.failure(batchError)) } else if let result = box.result { completion(result) } else {
                completion(.failure(.unavailable("operation did not run")))
            }
        }
        failureOf = { box.sqliteFailure }
    }

    private let failureOf: () -> SQLiteConnection.Failure?

    /// - Returns: true when the work succeeded; false when it failed on its own (roll back its
    ///   savepoint). Throws when SQLite failed, which fails the whole batch.
    func execute(_ db: SQLiteConnection) throws(SQLiteConnection.Failure) -> Bool {
        if run(db) { return true }
        if let failure = failureOf() { throw failure }
        return false
    }

    func deliver(_ batchError: JobStoreError?) { finish(batchError) }
}

private final class ResultBox<T>: @unchecked Sendable {
    // Invariant for @unchecked Sendable: used only on the writer thread (see Operation).
    var result: Result<T, JobStoreError>?
    var sqliteFailure: SQLiteConnection.Failure?
}

extension StoreHealth {
    var reason: String? {
        if case .unavailable(let reason) = self { return reason }
        return nil
    }
}
