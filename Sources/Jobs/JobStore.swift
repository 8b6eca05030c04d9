/// The durable job queue: SQLite for one machine, PostgreSQL for several replicas. Both pass
/// the same contract tests (`Tests/JobsTests/JobStoreContract.swift`).
///
/// Intake calls `enqueue` from an event loop and answers when the completion reports the
/// commit. Workers call the blocking methods from their own threads, holding a lease: each
/// takes the owner that claimed the job and fails with `.leaseLost` once that owner no longer
/// holds it. Times are milliseconds since the epoch, passed in so that tests own the clock.
public protocol JobStore: Sendable {
    /// Stores new jobs durably; a job whose dedupe key exists is left untouched. Records
    /// `receivedAt` as the time of the last webhook.
    /// - Parameter completion: called once, after the commit (or failure), on a store thread.
    func enqueue(_ jobs: [NewJob], receivedAt: Int64,
                 completion: @escaping @Sendable (Result<EnqueueOutcome, JobStoreError>) -> Void)

    /// Stores follow-up jobs (a held entry's expiry, a Zoom deletion) from a worker thread,
    /// blocking until they are committed; like `enqueue` but not a webhook.
    func schedule(_ jobs: [NewJob], now: Int64) throws(JobStoreError) -> EnqueueOutcome

    /// Records that a webhook arrived without going through `enqueue` (a repeat answered from
    /// memory), for the last-webhook time. Never blocks.
    func noteWebhook(at time: Int64)

    /// Counts by state and the last webhook time, without blocking the caller.
    func summary(completion: @escaping @Sendable (Result<StoreSummary, JobStoreError>) -> Void)

    /// Leases the next claimable job: queued or waiting with `runAt <= now`, or running with an
    /// expired lease. Increments its attempts.
    func claim(owner: String, leaseUntil: Int64, now: Int64) throws(JobStoreError) -> Job?

    /// Extends a lease.
    func renew(id: Int64, owner: String, leaseUntil: Int64, now: Int64) throws(JobStoreError)

    /// Saves the worker's progress so that a restarted process resumes from it.
    func checkpoint(id: Int64, owner: String, progress: [UInt8], entryID: String?, now: Int64) throws(JobStoreError)

    /// Ends the job in `state` (done, held or skipped), releasing the lease.
    func finish(id: Int64, owner: String, state: JobState, reason: String?, entryID: String?, now: Int64) throws(JobStoreError)

    /// Puts the job back to wait until `at` after a transient failure. With `countsAttempt`
    /// false the claim is not counted (waiting for Zoom to finish a file, or for a peer that is
    /// down for everyone): such waits must not use up `MAX_ATTEMPTS`.
    func retry(id: Int64, owner: String, at: Int64, reason: String, countsAttempt: Bool, now: Int64) throws(JobStoreError)

    /// Fails the job for good (until an admin retries it).
    func fail(id: Int64, owner: String, reason: String, now: Int64) throws(JobStoreError)

    /// Gives the job back unfinished (shutdown): queued again, the attempt not counted.
    func release(id: Int64, owner: String, now: Int64) throws(JobStoreError)

    /// One job by id.
    func job(id: Int64) throws(JobStoreError) -> Job?

    /// Whether the store can take writes now.
    var health: StoreHealth { get }

    /// Finishes queued work and releases the database; later operations fail `.unavailable`.
    func close()
}

extension JobStore {
    /// `enqueue`, waiting for the commit: for tools and tests, never for an event loop.
    public func enqueueAndWait(_ jobs: [NewJob], receivedAt: Int64) throws(JobStoreError) -> EnqueueOutcome {
        try waitFor { done in enqueue(jobs, receivedAt: receivedAt, completion: done) }
    }

    /// `summary`, waiting for the answer.
    public func summaryAndWait() throws(JobStoreError) -> StoreSummary {
        try waitFor { done in summary(completion: done) }
    }
}
