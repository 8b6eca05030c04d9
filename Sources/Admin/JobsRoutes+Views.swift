import Jobs
import Platform
import Zoom

/// What the jobs API shows of a job. Every key is always present (null when there is no
/// value), as `openapi.yaml` promises. Never the payload: it holds Zoom's download token.
struct JobView: Encodable {
    var id: Int64
    var kind: String
    var state: String
    var meetingUUID: String
    var recordingStart: String
    var hostEmail: String
    var topic: String
    var attempts: Int
    @NullWhenAbsent var reason: String?
    @NullWhenAbsent var entryID: String?
    var runAt: String
    @NullWhenAbsent var leaseUntil: String?
    var createdAt: String
    var updatedAt: String

    init(_ job: Job) {
        id = job.id
        kind = job.kind
        state = job.state.rawValue
        meetingUUID = job.meetingUUID
        recordingStart = job.recordingStart
        hostEmail = job.hostEmail
        topic = job.topic
        attempts = job.attempts
        reason = job.reason
        entryID = job.entryID
        runAt = RFC3339.format(milliseconds: job.runAt)
        leaseUntil = job.state == .running ? job.leaseUntil.map(RFC3339.format(milliseconds:)) : nil
        createdAt = RFC3339.format(milliseconds: job.createdAt)
        updatedAt = RFC3339.format(milliseconds: job.updatedAt)
    }
}

/// `GET /jobs`: a page, and the cursor for the next one (null on the last).
struct JobPageView: Encodable {
    var jobs: [JobView]
    @NullWhenAbsent var nextCursor: Int64?
}

/// `GET /jobs/{id}`: the job, its files and its history.
struct JobDetailView: Encodable {
    var job: JobView
    /// The segment's files for a recording job; empty for follow-ups (hold expiry, Zoom trash).
    var files: [FileView]
    var events: [EventView]

    init(_ job: Job, events: [JobEvent]) {
        self.job = JobView(job)
        self.events = events.map(EventView.init)
        files = Self.files(of: job)
    }

    /// The files of a recording job, from its stored webhook body. Only what an admin needs to
    /// recognise them: never the download URL (its query can carry a token) nor the token.
    static func files(of job: Job) -> [FileView] {
        guard RecordingEvent.Kind(rawValue: job.kind) != nil,
              let segment = RecordingSegment.stored(body: job.payload, recordingStart: job.recordingStart) else { return [] }
        return segment.meeting.files.map { file in
            FileView(id: file.id, type: file.fileType, recordingType: file.recordingType, size: file.fileSize, status: file.status)
        }
    }

    enum CodingKeys: String, CodingKey { case files, events }

    func encode(to encoder: any Encoder) throws {
        try job.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(files, forKey: .files)
        try c.encode(events, forKey: .events)
    }
}

struct FileView: Encodable {
    var id: String
    var type: String
    @NullWhenAbsent var recordingType: String?
    @NullWhenAbsent var size: Int64?
    @NullWhenAbsent var status: String?
}

/// One step of a job's history: the attempt it ended (or 0), when, the state it led to, why.
struct EventView: Encodable {
    var attempt: Int
    var at: String
    var state: String
    @NullWhenAbsent var reason: String?

    init(_ event: JobEvent) {
        attempt = event.attempt
        at = RFC3339.format(milliseconds: event.at)
        state = event.state.rawValue
        reason = event.reason
    }
}
