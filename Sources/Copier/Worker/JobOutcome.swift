import Jobs

/// How a run of a job ended, for the pool to record in the store.
enum JobOutcome: Sendable, Equatable {
    /// Reached an end: done, held or skipped.
    case finished(JobState, reason: String?, entryID: String?)
    /// Try again at `at` (ms since the epoch). `countsAttempt` is false for waits that are no
    /// fault of the job (Zoom still processing, a peer down for everyone).
    case retry(at: Int64, reason: String, countsAttempt: Bool)
    /// Give up until an admin retries.
    case failed(reason: String)
    /// Stopped for shutdown: back to the queue, the attempt not counted.
    case released
    /// Another worker owns the job now: record nothing.
    case leaseLost
}
