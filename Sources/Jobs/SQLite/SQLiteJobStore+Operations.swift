// The JobStore operations as SQL, each run by the writer thread inside a group transaction.
extension SQLiteJobStore {
    static let columns = """
        id, dedupe_key, kind, meeting_uuid, recording_start, host_email, topic, payload, state, attempts,
        run_at, lease_owner, lease_until, reason, progress, entry_id, created_at, updated_at
        """

    public func enqueue(_ jobs: [NewJob], receivedAt: Int64,
                        completion: @escaping @Sendable (Result<EnqueueOutcome, JobStoreError>) -> Void) {
        let shared = self.shared
        submit({ db in
            let outcome = try Self.insert(jobs, at: receivedAt, db)
            // A delivery that stored nothing writes nothing, so a batch of repeats needs no
            // fsync: its time is kept in memory and written with the next new job.
            let latest = shared.noteWebhook(at: receivedAt)
            if outcome.inserted > 0 {
                try db.statement("""
                    INSERT INTO meta (key, value) VALUES ('last_webhook_at', ?1)
                    ON CONFLICT (key) DO UPDATE SET value = MAX(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))
                    """).bind(.text(String(latest))).run()
            }
            return outcome
        }, completion: completion)
    }

    public func schedule(_ jobs: [NewJob], now: Int64) throws(JobStoreError) -> EnqueueOutcome {
        try perform { db in try Self.insert(jobs, at: now, db) }
    }

    /// Inserts the jobs whose dedupe keys are new; reports every job's id.
    private static func insert(_ jobs: [NewJob], at time: Int64, _ db: SQLiteConnection) throws -> EnqueueOutcome {
        var outcome = EnqueueOutcome(ids: [], inserted: 0)
        let insert = """
            INSERT INTO jobs (dedupe_key, kind, meeting_uuid, recording_start, host_email, topic, payload,
                              state, attempts, run_at, created_at, updated_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'queued', 0, ?8, ?9, ?9)
            ON CONFLICT (dedupe_key) DO NOTHING
            """
        for job in jobs {
            try db.statement(insert).bind(
                .text(job.dedupeKey), .text(job.kind), .text(job.meetingUUID), .text(job.recordingStart),
                .text(job.hostEmail), .text(job.topic), .blob(job.payload), .int(job.runAt ?? time), .int(time)
            ).run()
            if db.changes == 1 {
                outcome.ids.append(db.lastInsertRowID)
                outcome.inserted += 1
            } else {
                let existing = try db.statement("SELECT id FROM jobs WHERE dedupe_key = ?1").bind(.text(job.dedupeKey))
                guard try existing.step() else { throw JobStoreError.unavailable("dedupe key vanished") }
                outcome.ids.append(existing.int(0))
            }
        }
        return outcome
    }

    public func summary(completion: @escaping @Sendable (Result<StoreSummary, JobStoreError>) -> Void) {
        let shared = self.shared
        submit({ db in
            var counts = Dictionary(uniqueKeysWithValues: JobState.allCases.map { ($0, 0) })
            let rows = try db.statement("SELECT state, COUNT(*) FROM jobs GROUP BY state")
            while try rows.step() {
                if let state = rows.text(0).flatMap(JobState.init(rawValue:)) { counts[state] = Int(rows.int(1)) }
            }
            let meta = try db.statement("SELECT value FROM meta WHERE key = 'last_webhook_at'")
            let stored = try meta.step() ? meta.text(0).flatMap { Int64($0) } : nil
            let seen = shared.lastWebhookAt.load(ordering: .relaxed)
            return StoreSummary(counts: counts, lastWebhookAt: max(stored ?? 0, seen) > 0 ? max(stored ?? 0, seen) : nil)
        }, completion: completion)
    }

    public func claim(owner: String, leaseUntil: Int64, now: Int64) throws(JobStoreError) -> Job? {
        // The first due job and the first lapsed lease, each read from its partial index (an OR
        // of the two would sort every claimable job on each claim), then the earlier of them.
        try perform { db in
            let statement = try db.statement("""
                UPDATE jobs SET state = 'running', lease_owner = ?1, lease_until = ?2, attempts = attempts + 1,
                                updated_at = ?3
                WHERE id = (SELECT id FROM (
                                SELECT * FROM (SELECT id, run_at FROM jobs
                                               WHERE state IN ('queued', 'waiting') AND run_at <= ?3
                                               ORDER BY run_at, id LIMIT 1)
                                UNION ALL
                                SELECT * FROM (SELECT id, run_at FROM jobs WHERE state = 'running' AND lease_until <= ?3
                                               ORDER BY run_at, id LIMIT 1))
                            ORDER BY run_at, id LIMIT 1)
                RETURNING \(Self.columns)
                """).bind(.text(owner), .int(leaseUntil), .int(now))
            guard try statement.step() else { return nil }
            return try Job(statement)
        }
    }

    public func renew(id: Int64, owner: String, leaseUntil: Int64, now: Int64) throws(JobStoreError) {
        try leased(id: id, owner: owner, set: "lease_until = ?3, updated_at = ?4", .int(leaseUntil), .int(now))
    }

    public func checkpoint(id: Int64, owner: String, progress: [UInt8], entryID: String?, now: Int64) throws(JobStoreError) {
        try leased(id: id, owner: owner, set: "progress = ?3, entry_id = COALESCE(?4, entry_id), updated_at = ?5",
                   .blob(progress), .optional(entryID), .int(now))
    }

    public func finish(id: Int64, owner: String, state: JobState, reason: String?, entryID: String?, now: Int64) throws(JobStoreError) {
        guard [.done, .held, .skipped].contains(state) else { throw .invalidState(id, state) }
        try leased(id: id, owner: owner, event: (state, reason, now), set: """
            state = ?3, reason = ?4, entry_id = COALESCE(?5, entry_id), lease_owner = NULL, lease_until = NULL,
            updated_at = ?6
            """, .text(state.rawValue), .optional(reason), .optional(entryID), .int(now))
    }

    public func retry(id: Int64, owner: String, at: Int64, reason: String, countsAttempt: Bool, now: Int64) throws(JobStoreError) {
        try leased(id: id, owner: owner, event: (.waiting, reason, now), set: """
            state = 'waiting', run_at = ?3, reason = ?4, lease_owner = NULL, lease_until = NULL, updated_at = ?5,
            attempts = MAX(attempts - ?6, 0)
            """, .int(at), .text(reason), .int(now), .int(countsAttempt ? 0 : 1))
    }

    public func fail(id: Int64, owner: String, reason: String, now: Int64) throws(JobStoreError) {
        try leased(id: id, owner: owner, event: (.failed, reason, now), set: """
            state = 'failed', reason = ?3, lease_owner = NULL, lease_until = NULL, updated_at = ?4
            """, .text(reason), .int(now))
    }

    public func release(id: Int64, owner: String, now: Int64) throws(JobStoreError) {
        try leased(id: id, owner: owner, set: """
            state = 'queued', run_at = ?3, attempts = MAX(attempts - 1, 0), lease_owner = NULL, lease_until = NULL,
            updated_at = ?3
            """, .int(now))
    }

    public func job(id: Int64) throws(JobStoreError) -> Job? {
        try perform { db in
            let statement = try db.statement("SELECT \(Self.columns) FROM jobs WHERE id = ?1").bind(.int(id))
            return try statement.step() ? try Job(statement) : nil
        }
    }

    /// Updates a job the caller holds the lease on; `?1` is the id and `?2` the owner, the
    /// given values bind from `?3` on. With `event`, the attempt's end goes into the job's
    /// history in the same operation (the attempt as it was claimed, before an uncounted wait
    /// gives it back); a lost lease undoes both.
    private func leased(id: Int64, owner: String, event: (state: JobState, reason: String?, at: Int64)? = nil,
                        set assignments: String, _ values: SQLiteValue...) throws(JobStoreError) {
        let sql = "UPDATE jobs SET \(assignments) WHERE id = ?1 AND state = 'running' AND lease_owner = ?2"
        let bound = values
        let event = event.map { EventRow(state: $0.state, reason: $0.reason, at: $0.at) }
        try perform { db in
            if let event {
                try db.statement("""
                    INSERT INTO job_events (job_id, attempt, at, state, reason)
                    SELECT id, attempts, ?3, ?4, ?5 FROM jobs WHERE id = ?1 AND state = 'running' AND lease_owner = ?2
                    """).bind(.int(id), .text(owner), .int(event.at), .text(event.state.rawValue), .optional(event.reason)).run()
            }
            let statement = try db.statement(sql)
            try statement.bind(.int(id), .text(owner))
            try statement.bind(from: 3, bound)
            try statement.run()
            guard db.changes == 0 else { return }
            let exists = try db.statement("SELECT 1 FROM jobs WHERE id = ?1").bind(.int(id))
            throw try exists.step() ? JobStoreError.leaseLost(id) : JobStoreError.notFound(id)
        }
    }
}

/// A history entry about to be written, for `leased`.
struct EventRow: Sendable {
    let state: JobState
    let reason: String?
    let at: Int64
}

extension Job {
    /// Reads a row selected with `SQLiteJobStore.columns`.
    init(_ row: SQLiteStatement) throws {
        guard let stateText = row.text(8), let state = JobState(rawValue: stateText) else {
            throw SQLiteConnection.Failure(code: 11, message: "job row has an unknown state")
        }
        self.init(id: row.int(0), dedupeKey: row.text(1) ?? "", kind: row.text(2) ?? "",
                  meetingUUID: row.text(3) ?? "", recordingStart: row.text(4) ?? "", hostEmail: row.text(5) ?? "",
                  topic: row.text(6) ?? "", payload: row.blob(7) ?? [], state: state, attempts: Int(row.int(9)),
                  runAt: row.int(10), leaseOwner: row.text(11), leaseUntil: row.optionalInt(12), reason: row.text(13),
                  progress: row.blob(14), entryID: row.text(15), createdAt: row.int(16), updatedAt: row.int(17))
    }
}
