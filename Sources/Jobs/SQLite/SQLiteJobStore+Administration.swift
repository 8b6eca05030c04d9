// The admin surface's operations as SQL, run by the writer thread like every other operation:
// a check and the change it guards share one savepoint, so nothing can slip between them.
extension SQLiteJobStore: JobAdministration {
    public func listJobs(_ query: JobQuery) throws(JobStoreError) -> JobPage {
        let limit = min(max(query.limit, 1), 500)
        // States travel as one text parameter (",queued,failed,") so that the SQL, and so the
        // cached statement, is the same whatever the filter.
        let states = query.states.isEmpty ? nil : "," + query.states.map(\.rawValue).joined(separator: ",") + ","
        let host = query.host.map { $0.lowercased() }
        return try perform { db in
            let statement = try db.statement("""
                SELECT \(Self.columns) FROM jobs
                WHERE (?1 IS NULL OR id < ?1)
                  AND (?2 IS NULL OR lower(host_email) = ?2)
                  AND (?3 IS NULL OR created_at >= ?3)
                  AND (?4 IS NULL OR instr(?4, ',' || state || ',') > 0)
                ORDER BY id DESC LIMIT ?5
                """).bind(.optional(query.cursor), .optional(host), .optional(query.since), .optional(states),
                          .int(Int64(limit + 1)))
            var jobs: [Job] = []
            while try statement.step() { jobs.append(try Job(statement)) }
            guard jobs.count > limit else { return JobPage(jobs: jobs, nextCursor: nil) }
            jobs.removeLast()
            return JobPage(jobs: jobs, nextCursor: jobs.last?.id)
        }
    }

    public func events(jobID: Int64) throws(JobStoreError) -> [JobEvent] {
        try perform { db in
            guard try db.statement("SELECT 1 FROM jobs WHERE id = ?1").bind(.int(jobID)).step() else {
                throw JobStoreError.notFound(jobID)
            }
            let rows = try db.statement("""
                SELECT attempt, at, state, reason FROM job_events WHERE job_id = ?1 ORDER BY id
                """).bind(.int(jobID))
            var events: [JobEvent] = []
            while try rows.step() {
                guard let state = rows.text(2).flatMap(JobState.init(rawValue:)) else { continue }
                events.append(JobEvent(jobID: jobID, attempt: Int(rows.int(0)), at: rows.int(1), state: state,
                                       reason: rows.text(3)))
            }
            return events
        }
    }

    public func retryJob(id: Int64, now: Int64) throws(JobStoreError) -> Job {
        try adminChange(.retry, id: id, now: now, set: "run_at = ?3, attempts = 0")
    }

    public func cancelJob(id: Int64, now: Int64) throws(JobStoreError) -> Job {
        try adminChange(.cancel, id: id, now: now)
    }

    /// Applies `change` to a job in one of its allowed states, releasing any lease (a running job's
    /// worker then fails with `.leaseLost` at its next store call), and records the event.
    /// `assignments`, more columns to set, may use `?3` (now).
    private func adminChange(_ change: AdminChange, id: Int64, now: Int64,
                             set assignments: String? = nil) throws(JobStoreError) -> Job {
        let (allowed, state, reason) = (change.allowed, change.target, change.reason)
        let more = assignments.map { ", " + $0 } ?? ""
        return try perform { db in
            let current = try db.statement("SELECT \(Self.columns) FROM jobs WHERE id = ?1").bind(.int(id))
            guard try current.step() else { throw JobStoreError.notFound(id) }
            let job = try Job(current)
            guard allowed.contains(job.state) else { throw JobStoreError.invalidState(id, job.state) }
            try db.statement("""
                INSERT INTO job_events (job_id, attempt, at, state, reason) VALUES (?1, ?2, ?3, ?4, ?5)
                """).bind(.int(id), .int(Int64(job.attempts)), .int(now), .text(state.rawValue), .text(reason)).run()
            let update = try db.statement("""
                UPDATE jobs SET state = ?2, reason = ?4, lease_owner = NULL, lease_until = NULL, updated_at = ?3\(more)
                WHERE id = ?1
                RETURNING \(Self.columns)
                """).bind(.int(id), .text(state.rawValue), .int(now), .text(reason))
            guard try update.step() else { throw JobStoreError.notFound(id) }
            return try Job(update)
        }
    }

    public func oldestDueAt(now: Int64) throws(JobStoreError) -> Int64? {
        try perform { db in
            let statement = try db.statement("SELECT MIN(run_at) FROM jobs WHERE state = 'queued' AND run_at <= ?1").bind(.int(now))
            return try statement.step() ? statement.optionalInt(0) : nil
        }
    }

    public func mappings() throws(JobStoreError) -> [String: String] {
        try perform { db in
            let rows = try db.statement("SELECT email, user_id FROM mappings")
            var table: [String: String] = [:]
            while try rows.step() {
                if let email = rows.text(0), let userID = rows.text(1) { table[email] = userID }
            }
            return table
        }
    }

    public func putMapping(email: String, userID: String, now: Int64) throws(JobStoreError) {
        let email = RuleEmail.normalized(email)
        try perform { db in
            try db.statement("""
                INSERT INTO mappings (email, user_id, updated_at) VALUES (?1, ?2, ?3)
                ON CONFLICT (email) DO UPDATE SET user_id = excluded.user_id, updated_at = excluded.updated_at
                """).bind(.text(email), .text(userID), .int(now)).run()
        }
    }

    public func deleteMapping(email: String) throws(JobStoreError) -> Bool {
        let email = RuleEmail.normalized(email)
        return try perform { db in
            try db.statement("DELETE FROM mappings WHERE email = ?1").bind(.text(email)).run()
            return db.changes > 0
        }
    }

    public func optOuts() throws(JobStoreError) -> Set<String> {
        try perform { db in
            let rows = try db.statement("SELECT email FROM opt_outs")
            var emails = Set<String>()
            while try rows.step() { if let email = rows.text(0) { emails.insert(email) } }
            return emails
        }
    }

    public func putOptOut(email: String, now: Int64) throws(JobStoreError) {
        let email = RuleEmail.normalized(email)
        try perform { db in
            try db.statement("""
                INSERT INTO opt_outs (email, updated_at) VALUES (?1, ?2)
                ON CONFLICT (email) DO UPDATE SET updated_at = excluded.updated_at
                """).bind(.text(email), .int(now)).run()
        }
    }

    public func deleteOptOut(email: String) throws(JobStoreError) -> Bool {
        let email = RuleEmail.normalized(email)
        return try perform { db in
            try db.statement("DELETE FROM opt_outs WHERE email = ?1").bind(.text(email)).run()
            return db.changes > 0
        }
    }
}
