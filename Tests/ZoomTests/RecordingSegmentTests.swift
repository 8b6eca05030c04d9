import Foundation
import Testing
import Zoom

@Suite struct RecordingSegmentTests {
    static let uuid = "DUZke5GtTtuQlcx4mUo0Xw=="

    @Test func aCompletedMeetingSplitsIntoItsRecordingSegments() throws {
        let event = try WebhookDecoderTests.recording("recording-completed-two-segments.json")
        let segments = event.segments()
        try #require(segments.count == 2)
        let (first, second) = (segments[0], segments[1])

        #expect(first.part == 1 && first.recordingStart == "2025-02-26T13:31:22Z")
        #expect(first.meeting.files.map(\.recordingType) == [
            "shared_screen_with_speaker_view", "speaker_view", "gallery_view", "audio_only", "audio_transcript",
            "chat_file", "timeline", nil,
        ])
        #expect(first.referenceID == "Zoom_DUZke5GtTtuQlcx4mUo0Xw==2025-02-26T13:31:22Z")
        #expect(first.dedupeKey == "recording.completed|DUZke5GtTtuQlcx4mUo0Xw==|"
            + "6606c8c8-7b5e-4c31-9c0a-2f1e5d3b8a01,7d4e1f20-3a6b-4b8e-8f2d-5c9a1e6b7c02,"
            + "8e5f2031-4b7c-4c9f-9a3e-6dab2f7c8d03,CC-2025-02-26T13:31:22Z,d3e8730e-8fb0-40d2-9e7c-a1ef6db0c107,"
            + "dbe16fc3-5c8d-4daf-8b4f-7ebc3a8d9e04,e2f0a142-6d9e-4eb0-9c5a-8fcd4b9eaf05,"
            + "f301b253-7eaf-4fc1-8d6b-90de5cafb006")

        #expect(second.part == 2 && second.recordingStart == "2025-02-26T14:05:03Z")
        #expect(second.meeting.files.map(\.id) == [
            "a9c4d364-90c1-41e3-8f8d-b2f07ec1d209", "b0d5e475-a1d2-42f4-9a9e-c3018fd2e310",
            "c1e6f586-b2e3-4305-8baf-d41290e3f411",
        ])
        #expect(second.meeting.files[0].isProcessing)
        #expect(second.referenceID == "Zoom_DUZke5GtTtuQlcx4mUo0Xw==2025-02-26T14:05:03Z")
        #expect(second.dedupeKey == "recording.completed|DUZke5GtTtuQlcx4mUo0Xw==|"
            + "a9c4d364-90c1-41e3-8f8d-b2f07ec1d209,b0d5e475-a1d2-42f4-9a9e-c3018fd2e310,"
            + "c1e6f586-b2e3-4305-8baf-d41290e3f411")

        for segment in segments {
            var expectedMeeting = event.meeting
            expectedMeeting.files = segment.meeting.files
            #expect(segment.meeting == expectedMeeting)
            #expect(segment.kind == .completed && segment.eventTimestamp == 1_740_576_801_627)
            #expect(segment.downloadToken == Fixture.downloadToken)
        }
    }

    @Test func aTranscriptEventKeepsOnlyTranscriptsWithTheSamePartNumbers() throws {
        let segments = try WebhookDecoderTests.recording("recording-transcript-completed.json").segments()
        try #require(segments.count == 2)
        #expect(segments.map(\.part) == [1, 2])
        #expect(segments[0].meeting.files.map(\.id) == ["e2f0a142-6d9e-4eb0-9c5a-8fcd4b9eaf05"])
        #expect(segments[1].meeting.files.map(\.id) == ["c1e6f586-b2e3-4305-8baf-d41290e3f411", "CC-2025-02-26T14:05:03Z"])
        #expect(segments[0].dedupeKey
            == "recording.transcript_completed|DUZke5GtTtuQlcx4mUo0Xw==|e2f0a142-6d9e-4eb0-9c5a-8fcd4b9eaf05")
        #expect(segments[1].dedupeKey == "recording.transcript_completed|DUZke5GtTtuQlcx4mUo0Xw==|"
            + "CC-2025-02-26T14:05:03Z,c1e6f586-b2e3-4305-8baf-d41290e3f411")
        // The same entries as the completed event's segments: captions attach to them.
        #expect(segments.map(\.referenceID) == [
            "Zoom_DUZke5GtTtuQlcx4mUo0Xw==2025-02-26T13:31:22Z", "Zoom_DUZke5GtTtuQlcx4mUo0Xw==2025-02-26T14:05:03Z",
        ])
        #expect(segments.allSatisfy { $0.downloadToken == nil && $0.kind == .transcriptCompleted })
    }

    static func file(_ id: String, _ type: String = "MP4", start: String?, recordingType: String? = nil) -> RecordingFile {
        RecordingFile(id: id, fileType: type, recordingType: recordingType, recordingStart: start,
                      downloadURL: "https://zoom.us/rec/webhook_download/\(id)")
    }

    static func event(_ kind: RecordingEvent.Kind = .completed, files: [RecordingFile]) -> RecordingEvent {
        RecordingEvent(kind: kind, eventTimestamp: 5, downloadToken: "t", accountID: nil, meeting: Meeting(
            uuid: "/u//v==", id: 1, topic: "T", hostID: "h", hostEmail: "e@x", startTime: "2025-03-01T09:00:00Z",
            files: files))
    }

    /// Groups are ordered by recording_start, not by where Zoom lists them; files without a start
    /// join the meeting's start time.
    @Test func groupsAreOrderedByStartAndUnstartedFilesJoinTheMeetingStart() {
        let segments = Self.event(files: [
            Self.file("late", start: "2025-03-01T10:00:00Z"),
            Self.file("early", start: "2025-03-01T09:00:05Z"),
            Self.file("chat", "CHAT", start: nil),
            Self.file("late-audio", "M4A", start: "2025-03-01T10:00:00Z"),
            Self.file("at-start", start: "2025-03-01T09:00:00Z"),
        ]).segments()
        #expect(segments.map(\.recordingStart) == ["2025-03-01T09:00:00Z", "2025-03-01T09:00:05Z", "2025-03-01T10:00:00Z"])
        #expect(segments.map(\.part) == [1, 2, 3])
        #expect(segments.map { $0.meeting.files.map(\.id) } == [["chat", "at-start"], ["early"], ["late", "late-audio"]])
        #expect(segments[0].referenceID == "Zoom_/u//v==2025-03-01T09:00:00Z")
        #expect(segments[2].dedupeKey == "recording.completed|/u//v==|late,late-audio")
    }

    /// A transcript event whose first segment has no transcript still numbers the second part 2.
    @Test func transcriptSegmentsWithoutTranscriptsAreDropped() {
        let segments = Self.event(.transcriptCompleted, files: [
            Self.file("v1", start: "2025-03-01T09:00:05Z"),
            Self.file("v2", start: "2025-03-01T09:30:00Z"),
            Self.file("tr", "VTT", start: "2025-03-01T09:30:00Z", recordingType: "audio_transcript"),
            Self.file("cc", "CC", start: "2025-03-01T09:30:00Z"),
        ]).segments()
        #expect(segments.count == 1)
        #expect(segments.first?.part == 2)
        #expect(segments.first?.meeting.files.map(\.id) == ["tr", "cc"])
    }

    @Test func theSameEventGivesTheSameKeys() throws {
        let a = try WebhookDecoderTests.recording("recording-completed-two-segments.json").segments()
        let b = try WebhookDecoderTests.recording("recording-completed-two-segments.json").segments()
        #expect(a.map(\.dedupeKey) == b.map(\.dedupeKey))
        #expect(Set(a.map(\.dedupeKey)).count == a.count)
    }

    /// A segment is stored as a job: the round trip keeps everything, the token included.
    @Test func segmentsSurviveACodableRoundTrip() throws {
        let segments = try WebhookDecoderTests.recording("recording-completed-two-segments.json").segments()
        let data = try JSONEncoder().encode(segments)
        #expect(try JSONDecoder().decode([RecordingSegment].self, from: data) == segments)
    }
}
