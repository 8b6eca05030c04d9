// The JobStore operations as SQL: enqueue and summary on the intake thread, the rest on the
// caller's thread with a pooled connection. The same semantics as SQLiteJobStore+Operations.
extension PostgresJobStore {
    static let columns = """
        id, dedupe_key, kind, meeting_uuid, recording_start, host_email, topic, payload, state, attempts,
        run_at, lease_owner, lease_until, reason, progress, entry_id, created_at, updated_at
        """

    public func enqueue(_ jobs: [NewJob], receivedAt: Int64,
                        completion: @escaping @Sendable (Result<EnqueueOutcome, JobStoreError>) -> Void) {
        let shared = self.shared
        submit({ transaction in
            let outcome = try Self.insert(jobs, at: receivedAt, transaction.db)
            // A delivery that stored nothing writes nothing: its time is kept in memory and
            // written with the next new job.
            _ = shared.noteWebhook(at: receivedAt)
            if outcome.inserted > 0 { transaction.storedWebhook = true }
            return outcome
        }, completion: completion)
    }

    public func schedule(_ jobs: [NewJob], now: Int64) throws(JobStoreError) -> EnqueueOutcome {
        try shared.pool.withConnection { db in
            try db.execute("BEGIN")
            let outcome = try Self.insert(jobs, at: now, db)
            try db.execute("COMMIT")
            return outcome
        }
    }

    /// Inserts the jobs whose dedupe keys are new; reports every job's id.
    private static func insert(_ jobs: [NewJob], at time: Int64, _ db: PostgresConnection) throws -> EnqueueOutcome {
        var outcome = EnqueueOutcome(ids: [], inserted: 0)
        for job in jobs {
            let inserted = try db.query("""
                INSERT INTO jobs (dedupe_key, kind, meeting_uuid, recording_start, host_email, topic, payload,
                                  state, attempts, run_at, created_at, updated_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, 'queued', 0, $8, $9, $9)
                ON CONFLICT (dedupe_key) DO NOTHING
                RETURNING id
                """, [.text(job.dedupeKey), .text(job.kind), .text(job.meetingUUID), .text(job.recordingStart),
                      .text(job.hostEmail), .text(job.topic), .bytes(job.payload), .int(job.runAt ?? time), .int(time)])
            if inserted.rowCount == 1, let id = inserted.int(0, 0) {
                outcome.ids.append(id)
                outcome.inserted += 1
            } else {
                // Another transaction stored the key first (and committed: the insert waited).
                let existing = try db.query("SELECT id FROM jobs WHERE dedupe_key = $1", [.text(job.dedupeKey)])
                guard existing.rowCount == 1, let id = existing.int(0, 0) else { throw JobStoreError.unavailable("dedupe key vanished") }
                outcome.ids.append(id)
            }
        }
        return outcome
    }

    public func summary(completion: @escaping @Sendable (Result<StoreSummary, JobStoreError>) -> Void) {
        let shared = self.shared
        submit({ transaction in
            var counts = Dictionary(uniqueKeysWithValues: JobState.allCases.map { ($0, 0) })
            let rows = try transaction.db.query("SELECT state, COUNT(*) FROM jobs GROUP BY state")
            for row in 0..<rows.rowCount {
                if let state = rows.text(row, 0).flatMap(JobState.init(rawValue:)) { counts[state] = Int(rows.int(row, 1) ?? 0) }
            }
            let meta = try transaction.db.query("SELECT value FROM meta WHERE key = 'last_webhook_at'")
            let stored = meta.rowCount == 1 ? meta.int(0, 0) ?? 0 : 0
            let latest = max(stored, shared.lastWebhookAt.load(ordering: .relaxed))
            return StoreSummary(counts: counts, lastWebhookAt: latest > 0 ? latest : nil)
        }, completion: completion)
    }

    public func claim(owner: String, leaseUntil: Int64, now: Int64) throws(JobStoreError) -> Job? {
        try shared.pool.withConnection { db in
            // SKIP LOCKED: a row another claimer has locked is passed over, not waited for. The
            // first due job and the first lapsed lease, each read from its partial index (an OR
            // of the two would sort every claimable job on each claim), then the earlier of them;
            // the other stays locked only until this statement ends.
            let rows = try db.query("""
                WITH due AS (
                    SELECT id, run_at FROM jobs WHERE state IN ('queued', 'waiting') AND run_at <= $3
                    ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED
                ), lapsed AS (
                    SELECT id, run_at FROM jobs WHERE state = 'running' AND lease_until <= $3
                    ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED
                )
                UPDATE jobs SET state = 'running', lease_owner = $1, lease_until = $2, attempts = attempts + 1,
                                updated_at = $3
                WHERE id = (SELECT id FROM (SELECT id, run_at FROM due UNION ALL SELECT id, run_at FROM lapsed) AS candidates
                            ORDER BY run_at, id LIMIT 1)
                RETURNING \(Self.columns)
                """, [.text(owner), .int(leaseUntil), .int(now)])
            return rows.rowCount == 1 ? try Job(rows, row: 0) : nil
        }
    }

    public func renew(id: Int64, owner: String, leaseUntil: Int64, now: Int64) throws(JobStoreError) {
        try leased(id: id, owner: owner, set: "lease_until = $3, updated_at = $4", .int(leaseUntil), .int(now))
    }

    public func checkpoint(id: Int64, owner: String, progress: [UInt8], entryID: String?, now: Int64) throws(JobStoreError) {
        try leased(id: id, owner: owner, set: "progress = $3, entry_id = COALESCE($4, entry_id), updated_at = $5",
                   .bytes(progress), .optional(entryID), .int(now))
    }

    public func finish(id: Int64, owner: String, state: JobState, reason: String?, entryID: String?, now: Int64) throws(JobStoreError) {
        guard [.done, .held, .skipped].contains(state) else { throw .invalidState(id, state) }
        try leased(id: id, owner: owner, event: (state, reason, now), set: """
            state = $3, reason = $4, entry_id = COALESCE($5, entry_id), lease_owner = NULL, lease_until = NULL,
            updated_at = $6
            """, .text(state.rawValue), .optional(reason), .optional(entryID), .int(now))
    }

    public func retry(id: Int64, owner: String, at: Int64, reason: String, countsAttempt: Bool, now: Int64) throws(JobStoreError) {
        try leased(id: id, owner: owner, event: (.waiting, reason, now), set: """
            state = 'waiting', run_at = $3, reason = $4, lease_owner = NULL, lease_until = NULL, updated_at = $5,
            attempts = GREATEST(attempts - $6, 0)
            """, .int(at), .text(reason), .int(now), .int(countsAttempt ? 0 : 1))
    }

    public func fail(id: Int64, owner: String, reason: String, now: Int64) throws(JobStoreError) {
        try leased(id: id, owner: owner, event: (.failed, reason, now), set: """
            state = 'failed', reason = $3, lease_owner = NULL, lease_until = NULL, updated_at = $4
            """, .text(reason), .int(now))
    }

    public func release(id: Int64, owner: String, now: Int64) throws(JobStoreError) {
        try leased(id: id, owner: owner, set: """
            state = 'queued', run_at = $3, attempts = GREATEST(attempts - 1, 0), lease_owner = NULL, lease_until = NULL,
            updated_at = $3
            """, .int(now))
    }

    public func job(id: Int64) throws(JobStoreError) -> Job? {
        try shared.pool.withConnection { db in
            let rows = try db.query("SELECT \(Self.columns) FROM jobs WHERE id = $1", [.int(id)])
            return rows.rowCount == 1 ? try Job(rows, row: 0) : nil
        }
    }

    /// Updates a job the caller holds the lease on, in one round trip; `$1` is the id and `$2`
    /// the owner, the given values bind from `$3` on. With `event`, the attempt's end goes into
    /// the job's history in the same statement (the attempt as it was claimed, before an
    /// uncounted wait gives it back); a lost lease writes neither.
    private func leased(id: Int64, owner: String, event: (state: JobState, reason: String?, at: Int64)? = nil,
                        set assignments: String, _ values: PostgresValue...) throws(JobStoreError) {
        var parameters = [PostgresValue.int(id), .text(owner)] + values
        var history = ""
        if let event {
            let first = parameters.count + 1
            parameters += [.int(event.at), .text(event.state.rawValue), .optional(event.reason)]
            history = """
                , event AS (
                    INSERT INTO job_events (job_id, attempt, at, state, reason)
                    SELECT $1, claimed_attempts, $\(first), $\(first + 1), $\(first + 2) FROM updated
                )
                """
        }
        let sql = """
            WITH updated AS (
                UPDATE jobs SET \(assignments)
                FROM (SELECT id AS claimed_id, attempts AS claimed_attempts FROM jobs
                      WHERE id = $1 AND state = 'running' AND lease_owner = $2 FOR UPDATE) AS claimed
                WHERE jobs.id = claimed.claimed_id
                RETURNING claimed.claimed_attempts
            )\(history)
            SELECT (SELECT COUNT(*) FROM updated), EXISTS (SELECT 1 FROM jobs WHERE id = $1)
            """
        let (updated, exists) = try shared.pool.withConnection { db in
            let rows = try db.query(sql, parameters)
            return ((rows.int(0, 0) ?? 0) > 0, rows.bool(0, 1))
        }
        guard !updated else { return }
        throw exists ? .leaseLost(id) : .notFound(id)
    }

    // MARK: - Queueing

    /// Queues `work` for the intake thread; `completion` gets its result after the commit.
    func submit<T: Sendable>(_ work: @escaping @Sendable (IntakeTransaction) throws -> T,
                             completion: @escaping @Sendable (Result<T, JobStoreError>) -> Void) {
        guard shared.queue.submit(IntakeOperation(work: work, completion: completion)) else {
            completion(.failure(.unavailable("the job store is closed")))
            return
        }
    }
}

extension Job {
    /// Reads a row selected with `PostgresJobStore.columns`.
    init(_ rows: PostgresResult, row: Int) throws {
        guard let stateText = rows.text(row, 8), let state = JobState(rawValue: stateText) else {
            throw JobStoreError.unavailable("job row has an unknown state")
        }
        self.init(id: rows.int(row, 0) ?? 0, dedupeKey: rows.text(row, 1) ?? "", kind: rows.text(row, 2) ?? "",
                  meetingUUID: rows.text(row, 3) ?? "", recordingStart: rows.text(row, 4) ?? "",
                  hostEmail: rows.text(row, 5) ?? "", topic: rows.text(row, 6) ?? "", payload: rows.bytes(row, 7) ?? [],
                  state: state, attempts: Int(rows.int(row, 9) ?? 0), runAt: rows.int(row, 10) ?? 0,
                  leaseOwner: rows.text(row, 11), leaseUntil: rows.int(row, 12), reason: rows.text(row, 13),
                  progress: rows.bytes(row, 14), entryID: rows.text(row, 15), createdAt: rows.int(row, 16) ?? 0,
                  updatedAt: rows.int(row, 17) ?? 0)
    }
}
