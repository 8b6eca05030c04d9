// The admin surface's operations as SQL on a pooled connection, with the semantics of
// SQLiteJobStore+Administration. A check and the change it guards share one transaction with
// the job's row locked, so that neither a worker nor another replica's admin slips between them.
extension PostgresJobStore: JobAdministration {
    public func listJobs(_ query: JobQuery) throws(JobStoreError) -> JobPage {
        let limit = min(max(query.limit, 1), 500)
        // States travel as one text parameter (",queued,failed,") so that the SQL is the same
        // whatever the filter.
        let states = query.states.isEmpty ? nil : "," + query.states.map(\.rawValue).joined(separator: ",") + ","
        let parameters: [PostgresValue] = [query.cursor.map(PostgresValue.int) ?? .null, .optional(query.host?.lowercased()),
                                           query.since.map(PostgresValue.int) ?? .null, .optional(states), .int(Int64(limit + 1))]
        return try shared.pool.withConnection { db in
            let rows = try db.query("""
                SELECT \(Self.columns) FROM jobs
                WHERE ($1::BIGINT IS NULL OR id < $1::BIGINT)
                  AND ($2::TEXT IS NULL OR lower(host_email) = $2::TEXT)
                  AND ($3::BIGINT IS NULL OR created_at >= $3::BIGINT)
                  AND ($4::TEXT IS NULL OR strpos($4::TEXT, ',' || state || ',') > 0)
                ORDER BY id DESC LIMIT $5
                """, parameters)
            var jobs = try (0..<rows.rowCount).map { row in try Job(rows, row: row) }
            guard jobs.count > limit else { return JobPage(jobs: jobs, nextCursor: nil) }
            jobs.removeLast()
            return JobPage(jobs: jobs, nextCursor: jobs.last?.id)
        }
    }

    public func events(jobID: Int64) throws(JobStoreError) -> [JobEvent] {
        try shared.pool.withConnection { db in
            let rows = try db.query("""
                SELECT e.attempt, e.at, e.state, e.reason
                FROM jobs j LEFT JOIN job_events e ON e.job_id = j.id
                WHERE j.id = $1 ORDER BY e.id
                """, [.int(jobID)])
            guard rows.rowCount > 0 else { throw JobStoreError.notFound(jobID) }
            return (0..<rows.rowCount).compactMap { row in
                guard let state = rows.text(row, 2).flatMap(JobState.init(rawValue:)) else { return nil }  // no events: one NULL row
                return JobEvent(jobID: jobID, attempt: Int(rows.int(row, 0) ?? 0), at: rows.int(row, 1) ?? 0, state: state,
                                reason: rows.text(row, 3))
            }
        }
    }

    public func retryJob(id: Int64, now: Int64) throws(JobStoreError) -> Job {
        try adminChange(.retry, id: id, now: now, set: "run_at = $3, attempts = 0")
    }

    public func cancelJob(id: Int64, now: Int64) throws(JobStoreError) -> Job {
        try adminChange(.cancel, id: id, now: now)
    }

    /// Applies `change` to a job in one of its allowed states, releasing any lease (a running job's
    /// worker, on whichever replica, then fails with `.leaseLost` at its next store call), and
    /// records the event. `assignments`, more columns to set, may use `$3` (now).
    private func adminChange(_ change: AdminChange, id: Int64, now: Int64,
                             set assignments: String? = nil) throws(JobStoreError) -> Job {
        let (allowed, state, reason) = (change.allowed, change.target, change.reason)
        let more = assignments.map { ", " + $0 } ?? ""
        return try shared.pool.withConnection { db in
            try db.execute("BEGIN")
            let current = try db.query("SELECT \(Self.columns) FROM jobs WHERE id = $1 FOR UPDATE", [.int(id)])
            guard current.rowCount == 1 else { throw JobStoreError.notFound(id) }  // the pool rolls back
            let job = try Job(current, row: 0)
            guard allowed.contains(job.state) else { throw JobStoreError.invalidState(id, job.state) }
            try db.query("INSERT INTO job_events (job_id, attempt, at, state, reason) VALUES ($1, $2, $3, $4, $5)",
                         [.int(id), .int(Int64(job.attempts)), .int(now), .text(state.rawValue), .text(reason)])
            let updated = try db.query("""
                UPDATE jobs SET state = $2, reason = $4, lease_owner = NULL, lease_until = NULL, updated_at = $3\(more)
                WHERE id = $1
                RETURNING \(Self.columns)
                """, [.int(id), .text(state.rawValue), .int(now), .text(reason)])
            guard updated.rowCount == 1 else { throw JobStoreError.notFound(id) }
            let changed = try Job(updated, row: 0)
            try db.execute("COMMIT")
            return changed
        }
    }

    public func oldestDueAt(now: Int64) throws(JobStoreError) -> Int64? {
        try shared.pool.withConnection { db in
            try db.query("SELECT MIN(run_at) FROM jobs WHERE state = 'queued' AND run_at <= $1", [.int(now)]).int(0, 0)
        }
    }

    public func mappings() throws(JobStoreError) -> [String: String] {
        try shared.pool.withConnection { db in
            let rows = try db.query("SELECT email, user_id FROM mappings")
            var table: [String: String] = [:]
            for row in 0..<rows.rowCount {
                if let email = rows.text(row, 0), let userID = rows.text(row, 1) { table[email] = userID }
            }
            return table
        }
    }

    public func putMapping(email: String, userID: String, now: Int64) throws(JobStoreError) {
        let email = RuleEmail.normalized(email)
        _ = try shared.pool.withConnection { db in
            try db.query("""
                INSERT INTO mappings (email, user_id, updated_at) VALUES ($1, $2, $3)
                ON CONFLICT (email) DO UPDATE SET user_id = excluded.user_id, updated_at = excluded.updated_at
                """, [.text(email), .text(userID), .int(now)])
        }
    }

    public func deleteMapping(email: String) throws(JobStoreError) -> Bool {
        let email = RuleEmail.normalized(email)
        return try shared.pool.withConnection { db in
            try db.query("DELETE FROM mappings WHERE email = $1", [.text(email)]).affectedRows > 0
        }
    }

    public func optOuts() throws(JobStoreError) -> Set<String> {
        try shared.pool.withConnection { db in
            let rows = try db.query("SELECT email FROM opt_outs")
            return Set((0..<rows.rowCount).compactMap { rows.text($0, 0) })
        }
    }

    public func putOptOut(email: String, now: Int64) throws(JobStoreError) {
        let email = RuleEmail.normalized(email)
        _ = try shared.pool.withConnection { db in
            try db.query("""
                INSERT INTO opt_outs (email, updated_at) VALUES ($1, $2)
                ON CONFLICT (email) DO UPDATE SET updated_at = excluded.updated_at
                """, [.text(email), .int(now)])
        }
    }

    public func deleteOptOut(email: String) throws(JobStoreError) -> Bool {
        let email = RuleEmail.normalized(email)
        return try shared.pool.withConnection { db in
            try db.query("DELETE FROM opt_outs WHERE email = $1", [.text(email)]).affectedRows > 0
        }
    }
}
