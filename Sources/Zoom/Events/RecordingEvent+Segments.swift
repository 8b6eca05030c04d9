extension RecordingEvent {
    /// The jobs this event makes (DESIGN §3): files grouped by `recording_start` (files without
    /// one join the meeting's `start_time`), groups in `recording_start` order, parts 1…n.
    /// File order inside a segment is the event's. For `recording.transcript_completed` only
    /// transcript files are kept and groups without any are dropped; part numbers are still
    /// counted over all groups, so that part N names the same segment in both events.
    public func segments() -> [RecordingSegment] {
        var groups: [String: [RecordingFile]] = [:]
        for file in meeting.files {
            groups[file.recordingStart ?? meeting.startTime, default: []].append(file)
        }
        return groups.keys.sorted().enumerated().compactMap { offset, start in
            var files = groups[start] ?? []
            if kind == .transcriptCompleted { files = files.filter(\.isTranscript) }
            guard !files.isEmpty else { return nil }
            var segmentMeeting = meeting
            segmentMeeting.files = files
            return RecordingSegment(
                kind: kind, meeting: segmentMeeting, recordingStart: start, part: offset + 1,
                downloadToken: downloadToken, eventTimestamp: eventTimestamp)
        }
    }
}
