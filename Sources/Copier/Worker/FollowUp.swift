import Foundation
import Jobs

/// Work a copy schedules for later, stored as jobs so that it survives restarts: the deletion
/// (or hand-over) of a held entry, and the trashing of Zoom files after a verified copy.
enum FollowUp {
    static let holdExpiry = "hold.expire"
    static let zoomTrash = "zoom.trash"

    /// What a follow-up job needs, as its payload.
    struct Payload: Codable, Equatable {
        var entryID: String
        var hostEmail: String
        /// Zoom files to trash (`zoom.trash`).
        var fileIDs: [String]?
    }

    /// The job for `kind`, due at `runAt`; one per entry whatever the retries.
    static func job(_ kind: String, for original: Job, payload: Payload, runAt: Int64) -> NewJob {
        NewJob(dedupeKey: "\(kind)|\(payload.entryID)", kind: kind, meetingUUID: original.meetingUUID,
               recordingStart: original.recordingStart, hostEmail: original.hostEmail, topic: original.topic,
               payload: Array((try? JSONEncoder().encode(payload)) ?? Data()), runAt: runAt)
    }

    static func payload(of job: Job) -> Payload? {
        try? JSONDecoder().decode(Payload.self, from: Data(job.payload))
    }
}
