/// One job's worth of a recording: the files of one `recording_start` group of one meeting
/// (a host who stops and restarts recording makes several). It carries what the copy needs
/// (files, token, names) and the keys that keep it from being copied twice.
public struct RecordingSegment: Sendable, Equatable, Codable, CustomStringConvertible,
    CustomDebugStringConvertible, CustomReflectable
{
    public var kind: RecordingEvent.Kind
    /// The meeting, with only this segment's files.
    public var meeting: Meeting
    /// The group's `recording_start` (the meeting's `start_time` for files without one).
    public var recordingStart: String
    /// 1-based, in `recording_start` order over the whole meeting.
    public var part: Int
    /// The event's download token: a credential, never printed.
    public var downloadToken: String?
    /// `event_ts` of the event, epoch milliseconds.
    public var eventTimestamp: Int64

    public init(
        kind: RecordingEvent.Kind, meeting: Meeting, recordingStart: String, part: Int,
        downloadToken: String?, eventTimestamp: Int64
    ) {
        self.kind = kind
        self.meeting = meeting
        self.recordingStart = recordingStart
        self.part = part
        self.downloadToken = downloadToken
        self.eventTimestamp = eventTimestamp
    }

    /// The same delivery (or a retry) gives the same key: `"{event}|{uuid}|{file ids, sorted, comma-joined}"`.
    public var dedupeKey: String {
        "\(kind.rawValue)|\(meeting.uuid)|" + meeting.files.map(\.id).sorted().joined(separator: ",")
    }

    /// Kaltura `referenceId`, the convention of Kaltura's own Zoom integration:
    /// `"Zoom_" + uuid + recordingStart`, raw (kaltura-facts §1.5).
    public var referenceID: String { "Zoom_" + meeting.uuid + recordingStart }

    public var description: String {
        "\(kind.rawValue) uuid=\(meeting.uuid) part=\(part) recording_start=\(recordingStart) "
            + "files=\(meeting.files.count) download_token=\(downloadToken == nil ? "<none>" : "<set>")"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: [
            "kind": kind, "meeting": meeting, "recordingStart": recordingStart, "part": part,
            "downloadToken": downloadToken == nil ? "<none>" : "<set>", "eventTimestamp": eventTimestamp,
        ], displayStyle: .struct)
    }
}
