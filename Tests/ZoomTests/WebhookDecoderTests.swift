import Foundation
import Testing
import Zoom

@Suite struct WebhookDecoderTests {
    static let uuid = "DUZke5GtTtuQlcx4mUo0Xw=="

    static func recording(_ fixture: String) throws -> RecordingEvent {
        let decoded = WebhookDecoder.decode(try Fixture.bytes(fixture))
        guard case .recording(let event) = try decoded.get() else {
            Issue.record("expected a recording event, got \(decoded)")
            throw CancellationError()
        }
        return event
    }

    @Test func aRealisticCompletedEventDecodesFully() throws {
        let event = try Self.recording("recording-completed-two-segments.json")
        #expect(event.kind == .completed)
        #expect(event.eventTimestamp == 1_740_576_801_627)
        #expect(event.downloadToken == Fixture.downloadToken)
        #expect(event.accountID == "bxTu88fMRR6lJDWVEJ4P9A")
        let m = event.meeting
        #expect(m.uuid == Self.uuid && m.id == 88_031_573_992 && m.type == 8 && !m.isWebinar)
        #expect(m.topic == "STAT 133: Lecture 4" && m.hostID == "Hb_L4uIhQeK1pCGVX_cnew")
        #expect(m.hostEmail == "prof.lee@example.edu" && m.startTime == "2025-02-26T13:31:01Z")
        #expect(m.duration == 75 && m.timezone == "America/Los_Angeles")
        // participant_audio_files are not recording files.
        #expect(m.files.count == 11)
        #expect(m.files.map(\.fileType) == ["MP4", "MP4", "MP4", "M4A", "TRANSCRIPT", "CHAT", "TIMELINE", "CC",
                                            "MP4", "M4A", "TRANSCRIPT"])
        #expect(m.files[0] == RecordingFile(
            id: "6606c8c8-7b5e-4c31-9c0a-2f1e5d3b8a01", fileType: "MP4", fileExtension: "MP4", fileSize: 608_098_112,
            recordingType: "shared_screen_with_speaker_view", recordingStart: "2025-02-26T13:31:22Z",
            recordingEnd: "2025-02-26T13:58:40Z", downloadURL: "https://us06web.zoom.us/rec/webhook_download/a1/sig1",
            status: "completed"))
        // The CC file has no id, status, size or recording type: its id is made from type and start.
        #expect(m.files[7] == RecordingFile(
            id: "CC-2025-02-26T13:31:22Z", fileType: "CC", fileExtension: "VTT", recordingStart: "2025-02-26T13:31:22Z",
            recordingEnd: "2025-02-26T13:58:40Z", downloadURL: "https://us06web.zoom.us/rec/webhook_download/a8/sig8"))
        #expect(m.files[7].isTranscript && m.files[4].isTranscript && !m.files[5].isTranscript)
        #expect(m.files[8].status == "processing" && m.files[8].isProcessing && m.files[8].fileSize == 0)
        #expect(m.files.filter(\.isProcessing).count == 1)
    }

    @Test func aTranscriptEventDecodesWithoutAToken() throws {
        let event = try Self.recording("recording-transcript-completed.json")
        #expect(event.kind == .transcriptCompleted)
        #expect(event.eventTimestamp == 1_740_580_402_113)
        #expect(event.downloadToken == nil)
        #expect(event.meeting.files.map(\.id) == [
            "6606c8c8-7b5e-4c31-9c0a-2f1e5d3b8a01", "e2f0a142-6d9e-4eb0-9c5a-8fcd4b9eaf05",
            "c1e6f586-b2e3-4305-8baf-d41290e3f411", "CC-2025-02-26T14:05:03Z",
        ])
    }

    @Test func defaultsApplyToOptionalFields() throws {
        let body = #"{"event":"recording.completed","event_ts":1,"payload":{"object":{"uuid":"u","id":1,"topic":"t","host_id":"h","host_email":"e@x","start_time":"2025-01-01T00:00:00Z","recording_files":[]}}}"#
        guard case .recording(let event) = try WebhookDecoder.decode(Array(body.utf8)).get() else {
            Issue.record("not a recording"); return
        }
        #expect(event.meeting == Meeting(uuid: "u", id: 1, type: 2, topic: "t", hostID: "h", hostEmail: "e@x",
                                         startTime: "2025-01-01T00:00:00Z", duration: 0, timezone: nil, files: []))
        #expect(event.downloadToken == nil && event.accountID == nil)
        #expect(event.segments().isEmpty)
    }

    /// `payload.account_id` is read first; the object's own account_id is the fallback; nulls are absent.
    @Test func accountIDFallsBackToTheObjectAndNullsAreAbsent() throws {
        let body = #"{"event":"recording.completed","event_ts":1,"download_token":null,"payload":{"account_id":null,"object":{"account_id":"OBJ","uuid":"u","id":1,"type":null,"timezone":null,"topic":"t","host_id":"h","host_email":"e@x","start_time":"s","recording_files":[{"id":null,"file_type":"TB","download_url":"d"}]}}}"#
        guard case .recording(let event) = try WebhookDecoder.decode(Array(body.utf8)).get() else {
            Issue.record("not a recording"); return
        }
        #expect(event.accountID == "OBJ" && event.downloadToken == nil && event.meeting.type == 2)
        #expect(event.meeting.files.map(\.id) == ["TB-s"])
    }

    @Test(arguments: [5, 6, 9, 1, 2, 3, 4, 8])
    func webinarTypes(type: Int) throws {
        let body = try Fixture.editing(Fixture.minimalRecording, at: "payload.object.type", setting: type)
        guard case .recording(let event) = try WebhookDecoder.decode(body).get() else {
            Issue.record("not a recording"); return
        }
        #expect(event.meeting.type == type)
        #expect(event.meeting.isWebinar == [5, 6, 9].contains(type))
    }

    @Test func urlValidationCarriesThePlainToken() throws {
        #expect(try WebhookDecoder.decode(Array(Fixture.urlValidation.utf8)).get()
            == .urlValidation(plainToken: "qgg8vlvZRS6UYooatFL8Aw"))
        let longest = String(repeating: "a", count: 512)
        let body = try Fixture.editing(Fixture.urlValidation, at: "payload.plainToken", setting: longest)
        #expect(try WebhookDecoder.decode(body).get() == .urlValidation(plainToken: longest))
    }

    @Test(arguments: ["", String(repeating: "a", count: 513)])
    func urlValidationTokensOutOfRangeAreRefused(token: String) throws {
        let body = try Fixture.editing(Fixture.urlValidation, at: "payload.plainToken", setting: token)
        let error = WebhookDecoder.decode(body).failure
        #expect(error == .invalidValue(path: "payload.plainToken", requirement: "a string of 1 to 512 characters"))
        #expect(error?.code == "invalid_value" && error?.path == "payload.plainToken")
    }

    /// Anything but the three handled events is `.other`, whatever its payload (even none).
    @Test(arguments: [
        #"{"event":"meeting.started","event_ts":1,"payload":{"object":{"id":"not a number"}}}"#,
        #"{"event":"recording.started","payload":{"object":{"recording_file":{"recording_start":"x"}}}}"#,
        #"{"event":"recording_completed"}"#,
        #"{"event":"recording.trashed","payload":[1,2]}"#,
    ])
    func otherEventsAreNamedAndNotRead(body: String) throws {
        guard case .other(let name) = try WebhookDecoder.decode(Array(body.utf8)).get() else {
            Issue.record("expected .other"); return
        }
        #expect(["meeting.started", "recording.started", "recording_completed", "recording.trashed"].contains(name))
    }

    @Test func unknownKeysAnywhereAreIgnored() throws {
        let plain = WebhookDecoder.decode(Array(Fixture.minimalRecording.utf8))
        var body = try Fixture.editing(Fixture.minimalRecording, at: "future", setting: ["a": [1, ["b": NSNull()]]])
        body = try Fixture.editing(String(decoding: body, as: UTF8.self), at: "payload.object.recording_files[0].new_field",
                                   setting: ["nested": ["deeper": true]])
        body = try Fixture.editing(String(decoding: body, as: UTF8.self), at: "payload.object.participant_audio_files",
                                   setting: [["id": "p", "file_type": 5]])
        #expect(try WebhookDecoder.decode(body).get() == plain.get())
    }
}
