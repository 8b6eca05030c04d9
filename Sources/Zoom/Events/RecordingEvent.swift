/// A finished cloud recording as Zoom announced it: the meeting, its files, and the token that
/// lets us download them for 24 hours. The token is a credential: `description`, `debugDescription`
/// and the mirror never show it (`Codable` keeps it, so that a stored job can still download).
public struct RecordingEvent: Sendable, Equatable, Codable, CustomStringConvertible,
    CustomDebugStringConvertible, CustomReflectable
{
    /// The two events that carry recording files.
    public enum Kind: String, Sendable, Codable {
        case completed = "recording.completed"
        case transcriptCompleted = "recording.transcript_completed"
    }

    public var kind: Kind
    /// `event_ts`: when Zoom emitted the event, in epoch milliseconds.
    public var eventTimestamp: Int64
    /// Top-level `download_token` (24 h Bearer token); may be absent on transcript events.
    public var downloadToken: String?
    /// `payload.account_id` (else `payload.object.account_id`).
    public var accountID: String?
    public var meeting: Meeting

    public init(kind: Kind, eventTimestamp: Int64, downloadToken: String?, accountID: String?, meeting: Meeting) {
        self.kind = kind
        self.eventTimestamp = eventTimestamp
        self.downloadToken = downloadToken
        self.accountID = accountID
        self.meeting = meeting
    }

    public var description: String {
        "\(kind.rawValue) uuid=\(meeting.uuid) id=\(meeting.id) files=\(meeting.files.count) "
            + "event_ts=\(eventTimestamp) download_token=\(downloadToken == nil ? "<none>" : "<set>")"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: [
            "kind": kind, "eventTimestamp": eventTimestamp,
            "downloadToken": downloadToken == nil ? "<none>" : "<set>",
            "accountID": accountID as Any, "meeting": meeting,
        ], displayStyle: .struct)
    }
}
