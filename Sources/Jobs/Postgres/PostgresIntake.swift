import Platform

/// The intake thread: takes everything queued (enqueues, summaries) and runs it in one
/// transaction, committing once, then calls the completions. If one operation fails on its
/// own, the transaction is rolled back and each operation runs again in a transaction of its
/// own, so that one bad delivery does not fail the others.
struct PostgresIntake: Sendable {
    let shared: PostgresJobStore.Shared

    func run() {
        while true {
            let (batch, isLast) = shared.queue.next()
            if !batch.isEmpty { execute(batch) }
            if isLast {
                shared.queue.finished()
                return
            }
        }
    }

    private func execute(_ batch: [IntakeOperation]) {
        do throws(JobStoreError) {
            if try transact(batch) {
                for operation in batch { operation.deliver(nil) }
            } else if batch.count == 1 {
                batch[0].deliverOwnFailure()
            } else {
                for operation in batch {
                    do throws(JobStoreError) {
                        if try transact([operation]) { operation.deliver(nil) } else { operation.deliverOwnFailure() }
                    } catch {
                        operation.deliver(error)
                    }
                }
            }
        } catch {
            for operation in batch { operation.deliver(error) }
        }
    }

    /// Runs `operations` in one transaction. Returns false, rolled back, when one failed on its
    /// own; throws when the database did (unreachable, or the commit failed).
    private func transact(_ operations: [IntakeOperation]) throws(JobStoreError) -> Bool {
        let shared = self.shared
        let committed = try shared.pool.withConnection { db -> Bool in
            try db.execute("BEGIN")
            let transaction = IntakeTransaction(db: db)
            for operation in operations {
                do {
                    try operation.run(transaction)
                } catch let error as PostgresError where !error.isUnavailable {
                    operation.ownFailure = .unavailable(shared.pool.address.redact(error.description))
                    try db.execute("ROLLBACK")
                    return false
                } catch let error as JobStoreError {
                    operation.ownFailure = error
                    try db.execute("ROLLBACK")
                    return false
                }
            }
            // The last webhook time is written once per transaction, last, so that the meta
            // row is locked only while committing (replicas' intakes would queue on it).
            if transaction.storedWebhook {
                try db.query("""
                    INSERT INTO meta (key, value) VALUES ('last_webhook_at', $1)
                    ON CONFLICT (key) DO UPDATE SET value = GREATEST(meta.value::BIGINT, excluded.value::BIGINT)::TEXT
                    """, [.text(String(shared.lastWebhookAt.load(ordering: .relaxed)))])
            }
            try db.execute("COMMIT")
            return true
        }
        if committed { shared.commits.add(1, ordering: .relaxed) }
        return committed
    }
}

/// The transaction the intake thread's operations run in.
final class IntakeTransaction {
    let db: PostgresConnection
    /// Set by an enqueue that stored a new job: the last webhook time is written at commit.
    var storedWebhook = false

    init(db: PostgresConnection) { self.db = db }
}

/// One queued operation, type-erased. Its work runs on the intake thread inside a transaction;
/// its completion runs after the commit.
final class IntakeOperation: @unchecked Sendable {
    // Invariant for @unchecked Sendable: after `init`, every member is used on the intake
    // thread only (run, then deliver).
    private let work: (IntakeTransaction) throws -> Void
    private let finish: (JobStoreError?) -> Void
    /// Why the operation failed on its own (not the database): reported to its caller alone.
    var ownFailure: JobStoreError?

    init<T: Sendable>(work: @escaping @Sendable (IntakeTransaction) throws -> T,
                      completion: @escaping @Sendable (Result<T, JobStoreError>) -> Void) {
        let box = IntakeResult<T>()
        self.work = { transaction in box.value = try work(transaction) }
        finish = { error in
            if let error { completion(.failure(error)) } else if let value = box.value { completion(.success(value)) } else {
                completion(.failure(.unavailable("operation did not run")))
            }
        }
    }

    func run(_ transaction: IntakeTransaction) throws { try work(transaction) }

    func deliver(_ error: JobStoreError?) { finish(error) }

    func deliverOwnFailure() { finish(ownFailure ?? .unavailable("operation failed")) }
}

private final class IntakeResult<T>: @unchecked Sendable {
    // Invariant for @unchecked Sendable: used on the intake thread only (see IntakeOperation).
    var value: T?
}
