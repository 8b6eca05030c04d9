/// What the admin surface asks of the job store beyond the queue: browsing and changing jobs,
/// each job's attempt history, and the admin-maintained owner rules (overrides and opt-outs),
/// which live in the store so that every replica shares them. SQLite and PostgreSQL implement
/// it; the contract tests (`Tests/JobsTests/JobStoreAdministrationContract.swift`) pin the meaning.
///
/// Every method blocks the calling thread: call it from a worker or a background queue, never
/// from an event loop. Times are milliseconds since the epoch.
public protocol JobAdministration: Sendable {
    /// Jobs matching `query`, newest first (by id), one page at a time. A limit outside
    /// 1…500 is clamped into it (the HTTP layer refuses such limits before they get here).
    func listJobs(_ query: JobQuery) throws(JobStoreError) -> JobPage

    /// The job's history: one event per attempt's end (retry, failure, finish) and per admin
    /// action, oldest first. Recorded in the same transaction as the change it describes.
    /// - Throws: `.notFound` for a job that does not exist.
    func events(jobID: Int64) throws(JobStoreError) -> [JobEvent]

    /// An admin's retry: a failed, skipped, held or waiting job is queued again to run now,
    /// with its attempts reset (its saved progress is kept, so a copy resumes).
    /// - Throws: `.notFound`, or `.invalidState` for a queued, running or done job.
    func retryJob(id: Int64, now: Int64) throws(JobStoreError) -> Job

    /// An admin's cancel: a queued, waiting, running or failed job ends `skipped` with the
    /// reason "cancelled by an admin"; a running job's worker loses its lease and stops.
    /// - Throws: `.notFound`, or `.invalidState` for a job that already ended otherwise.
    func cancelJob(id: Int64, now: Int64) throws(JobStoreError) -> Job

    /// Since when the longest-waiting `queued` job that is due (`runAt` ≤ `now`) has been due,
    /// for the queue-age metric; nil when none waits. Jobs scheduled for later (held-entry
    /// deletions a day ahead, Zoom-side deletions) are not waiting and do not count.
    func oldestDueAt(now: Int64) throws(JobStoreError) -> Int64?

    /// Host email (lowercased) → Kaltura user id, as admins set them over HTTP. The store keeps
    /// emails trimmed and lowercased, whatever case they are put or deleted with.
    func mappings() throws(JobStoreError) -> [String: String]
    func putMapping(email: String, userID: String, now: Int64) throws(JobStoreError)
    /// - Returns: false when there was no mapping for the email.
    func deleteMapping(email: String) throws(JobStoreError) -> Bool

    /// Host emails (lowercased) whose recordings are not copied.
    func optOuts() throws(JobStoreError) -> Set<String>
    func putOptOut(email: String, now: Int64) throws(JobStoreError)
    /// - Returns: false when the email was not on the list.
    func deleteOptOut(email: String) throws(JobStoreError) -> Bool
}

/// A filter and page of `listJobs`.
public struct JobQuery: Sendable, Equatable {
    public var states: [JobState]
    /// Host email, matched without case.
    public var host: String?
    /// Jobs created at or after this time.
    public var since: Int64?
    /// 1…500.
    public var limit: Int
    /// From `JobPage.nextCursor`: continue after that job.
    public var cursor: Int64?

    public init(states: [JobState] = [], host: String? = nil, since: Int64? = nil, limit: Int = 50, cursor: Int64? = nil) {
        self.states = states
        self.host = host
        self.since = since
        self.limit = limit
        self.cursor = cursor
    }
}

/// One page of jobs; `nextCursor` is nil on the last page.
public struct JobPage: Sendable, Equatable {
    public var jobs: [Job]
    public var nextCursor: Int64?

    public init(jobs: [Job], nextCursor: Int64?) {
        self.jobs = jobs
        self.nextCursor = nextCursor
    }
}

/// A step in a job's history.
public struct JobEvent: Sendable, Equatable {
    public var jobID: Int64
    /// The attempt it ended (0 for an admin action on a job that never ran).
    public var attempt: Int
    public var at: Int64
    /// The state the job went to.
    public var state: JobState
    public var reason: String?

    public init(jobID: Int64, attempt: Int, at: Int64, state: JobState, reason: String?) {
        self.jobID = jobID
        self.attempt = attempt
        self.at = at
        self.state = state
        self.reason = reason
    }
}

/// An admin's change of a job, as both stores apply it: the states it may start from, the state
/// it leads to and the reason recorded, so that SQLite and PostgreSQL cannot disagree.
enum AdminChange {
    case retry, cancel

    var allowed: [JobState] {
        switch self {
        case .retry: [.failed, .skipped, .held, .waiting]
        case .cancel: [.queued, .waiting, .running, .failed]
        }
    }

    var target: JobState {
        switch self {
        case .retry: .queued
        case .cancel: .skipped
        }
    }

    var reason: String {
        switch self {
        case .retry: "retried by an admin"
        case .cancel: "cancelled by an admin"
        }
    }
}
