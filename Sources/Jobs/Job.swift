/// A job as stored: one segment of one meeting, plus its bookkeeping. Times are milliseconds
/// since the Unix epoch, supplied by the caller (so tests control the clock).
public struct Job: Sendable, Equatable, Identifiable {
    public var id: Int64
    /// Makes a repeated delivery a no-op: unique across all jobs.
    public var dedupeKey: String
    /// The Zoom event the job came from (`recording.completed`, …).
    public var kind: String
    public var meetingUUID: String
    public var recordingStart: String
    public var hostEmail: String
    public var topic: String
    /// The segment as JSON, as the intake encoded it. It holds the download token: never log it.
    public var payload: [UInt8]
    public var state: JobState
    /// Claims so far (a release does not count).
    public var attempts: Int
    /// When the job may next be claimed (queued and waiting jobs).
    public var runAt: Int64
    public var leaseOwner: String?
    public var leaseUntil: Int64?
    /// Why the job waits, was skipped or failed.
    public var reason: String?
    /// The worker's checkpoint (per-file upload progress), opaque to the store.
    public var progress: [UInt8]?
    /// The Kaltura entry, once known.
    public var entryID: String?
    public var createdAt: Int64
    public var updatedAt: Int64
}

/// What the intake hands to the store.
public struct NewJob: Sendable, Equatable {
    public var dedupeKey: String
    public var kind: String
    public var meetingUUID: String
    public var recordingStart: String
    public var hostEmail: String
    public var topic: String
    public var payload: [UInt8]
    /// When the job may first be claimed; nil for "as soon as it is stored".
    public var runAt: Int64?

    public init(dedupeKey: String, kind: String, meetingUUID: String, recordingStart: String,
                hostEmail: String, topic: String, payload: [UInt8], runAt: Int64? = nil) {
        self.dedupeKey = dedupeKey
        self.kind = kind
        self.meetingUUID = meetingUUID
        self.recordingStart = recordingStart
        self.hostEmail = hostEmail
        self.topic = topic
        self.payload = payload
        self.runAt = runAt
    }
}

/// The result of an enqueue: which jobs were new and which already existed.
public struct EnqueueOutcome: Sendable, Equatable {
    /// Ids of the jobs, in the order given, whether just inserted or already there.
    public var ids: [Int64]
    /// How many of them were inserted now.
    public var inserted: Int
    public var duplicates: Int { ids.count - inserted }
}

/// A summary for `/status` and `/readyz`.
public struct StoreSummary: Sendable, Equatable {
    public var counts: [JobState: Int]
    /// When the last webhook was stored (ms since the epoch), if any.
    public var lastWebhookAt: Int64?
}
