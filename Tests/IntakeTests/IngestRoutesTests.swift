import Foundation
import Jobs
import Simulators
import Testing
import TestSupport
import Zoom

/// `POST /ingest`: a recording fetched through the Zoom API becomes the jobs its webhook
/// would have made, with the same dedupe keys; every failure has its status and reason.
@Suite struct IngestRoutesTests {
    @Test func aMeetingUUIDBecomesOneJobPerSegment() throws {
        let rig = try IngestHarness()
        let uuid = "/ingest+One//x=="  // needs double encoding in the path
        rig.zoom.addRecording(meetingUUID: uuid, hostEmail: "alice@uni.edu", files: IngestHarness.twoSegments("one"))
        let response = try rig.ingest(uuid)
        try #require(response.status == 200, "\(response)")
        let answer = try rig.answer(response)
        #expect(answer.jobs.count == 2 && answer.new == 2 && answer.duplicates == 0)
        #expect(rig.wakeups.value == 1)
        let jobs = try answer.jobs.map { try #require(try rig.store.job(id: $0)) }
        #expect(jobs.map(\.kind) == ["recording.completed", "recording.completed"])
        #expect(jobs.map(\.meetingUUID) == [uuid, uuid])
        #expect(jobs.map(\.recordingStart) == ["2026-11-30T10:00:05Z", "2026-11-30T10:30:00Z"])
        #expect(jobs.allSatisfy { $0.hostEmail == "alice@uni.edu" && $0.state == .queued })
        let segment = try #require(RecordingSegment.stored(body: jobs[0].payload, recordingStart: jobs[0].recordingStart))
        #expect(segment.meeting.files.map(\.id) == ["one-a-mp4", "one-a-vtt"])
        #expect(segment.downloadToken?.hasPrefix("zsim-dl-") == true, "the API's download_access_token travels with the job")
        #expect(segment.meeting.files.allSatisfy { $0.downloadURL.hasPrefix("\(rig.zoom.baseURL)/rec/download/") })
        #expect(!rig.logs.lines.joined().contains(segment.downloadToken ?? "-"), "the token is never logged")
    }

    @Test func aMeetingNumberIngestsItsLatestInstance() throws {
        let rig = try IngestHarness()
        rig.zoom.addRecording(meetingUUID: "older-instance==", meetingID: 93_123_456_789, startTime: "2026-11-23T10:00:00Z",
                              files: [ZoomFile(id: "old-mp4", size: 100, recordingStart: "2026-11-23T10:00:05Z")])
        rig.zoom.addRecording(meetingUUID: "latest-instance==", meetingID: 93_123_456_789, startTime: "2026-11-30T10:00:00Z",
                              files: [ZoomFile(id: "new-mp4", size: 100)])
        let response = try rig.ingest("93123456789")
        try #require(response.status == 200, "\(response)")
        let answer = try rig.answer(response)
        #expect(answer.jobs.count == 1 && answer.new == 1)
        #expect(try rig.store.job(id: answer.jobs[0])?.meetingUUID == "latest-instance==")
        // A number sent as a JSON number is the same request.
        let again = try rig.post("/ingest", #"{"meeting":93123456789}"#)
        #expect(try rig.answer(again).jobs == answer.jobs)
    }

    @Test func ingestingTwiceOrAfterTheWebhookStoresNothingNew() throws {
        let rig = try IngestHarness()
        rig.zoom.addRecording(meetingUUID: "twice==", files: IngestHarness.twoSegments("twice"))
        let first = try rig.answer(try rig.ingest("twice=="))
        let second = try rig.answer(try rig.ingest("twice=="))
        #expect(second.jobs == first.jobs && second.new == 0 && second.duplicates == 2)
        #expect(rig.wakeups.value == 1, "a repeat wakes no worker")

        rig.zoom.addRecording(meetingUUID: "webhook-first==", files: IngestHarness.twoSegments("hook"))
        let delivered = try rig.deliverWebhook(uuid: "webhook-first==")
        let ingested = try rig.answer(try rig.ingest("webhook-first=="))
        #expect(ingested.jobs == delivered && ingested.new == 0 && ingested.duplicates == 2)
    }

    @Test func anUnknownMeetingIs404() throws {
        let rig = try IngestHarness()
        let response = try rig.ingest("no-such-meeting==")
        #expect(response.status == 404, "\(response)")
        #expect(rig.error(response) == "recording_not_found")
        #expect(response.text.contains("no-such-meeting=="))
        rig.zoom.addRecording(meetingUUID: "no-files==", files: [])
        let empty = try rig.ingest("no-files==")
        #expect(empty.status == 404 && rig.error(empty) == "no_recording_files", "\(empty)")
    }

    @Test func withoutAPICredentialsBothEndpointsAre503() throws {
        let rig = try IngestHarness(api: .none)
        let ingest = try rig.ingest("any==")
        #expect(ingest.status == 503 && rig.error(ingest) == "zoom_api_not_configured", "\(ingest)")
        #expect(ingest.header("Retry-After") != nil)
        #expect(ingest.text.contains("ZOOM_ACCOUNT_ID"))
        let backfill = try rig.post("/backfill", #"{"from":"2026-01-01","to":"2026-01-02"}"#)
        #expect(backfill.status == 503 && rig.error(backfill) == "zoom_api_not_configured", "\(backfill)")
    }

    @Test func anUnreachableZoomIs503WithRetryAfter() throws {
        let rig = try IngestHarness(api: .unreachable)
        let response = try rig.ingest("any==")
        #expect(response.status == 503 && rig.error(response) == "zoom_unreachable", "\(response)")
        #expect(response.header("Retry-After") == "60")
    }

    @Test func refusedCredentialsAndRateLimitsAre503() throws {
        let refused = try IngestHarness(api: .wrongSecret)
        let response = try refused.ingest("any==")
        #expect(response.status == 503 && refused.error(response) == "zoom_credentials_refused", "\(response)")
        #expect(!response.text.contains("wrong"), "the secret is not echoed")

        let limited = try IngestHarness()
        limited.zoom.addRecording(meetingUUID: "limited==", files: [ZoomFile(id: "limited-mp4", size: 10)])
        limited.zoom.rateLimitNext(1, retryAfter: 7)
        let busy = try limited.ingest("limited==")
        #expect(busy.status == 503 && limited.error(busy) == "zoom_unavailable", "\(busy)")
        #expect(busy.header("Retry-After") == "7")
        #expect(try limited.ingest("limited==").status == 200, "the next try goes through")
    }

    @Test func badRequestsAreRefusedWithAReason() throws {
        let rig = try IngestHarness()
        let cases: [(body: String, code: String)] = [
            ("", "invalid_json"),
            ("{", "invalid_json"),
            ("[1]", "invalid_json"),
            (#""abc""#, "invalid_json"),
            ("{}", "missing_field"),
            (#"{"meeting":null}"#, "missing_field"),
            (#"{"meeting":true}"#, "wrong_type"),
            (#"{"meeting":{"uuid":"x"}}"#, "wrong_type"),
            (#"{"meeting":""}"#, "invalid_meeting"),
            (#"{"meeting":"abc def"}"#, "invalid_meeting"),
            (#"{"meeting":"../../etc"}"#, "invalid_meeting"),
            (#"{"meeting":"a?b"}"#, "invalid_meeting"),
            (#"{"meeting":"\#(String(repeating: "a", count: 129))"}"#, "invalid_meeting"),
        ]
        for (body, code) in cases {
            let response = try rig.post("/ingest", body)
            #expect(response.status == 400, "\(body): \(response)")
            #expect(rig.error(response) == code, "\(body): \(response)")
            #expect(response.text.contains("\"detail\""))
        }
        #expect(try rig.post("/ingest", #"{"meeting":"x=="}"#, contentType: "text/plain").status == 415)
        #expect(try rig.post("/ingest", #"{"meeting":"x=="}"#, contentType: nil).status == 415)
        #expect(try rig.post("/ingest", #"{"meeting":"x=="}"#, token: nil).status == 401)
        #expect(try rig.post("/ingest", #"{"meeting":"x=="}"#, token: "wrong-token-0123456789").status == 401)
        let large = #"{"meeting":"x==","pad":"\#(String(repeating: "p", count: 16 << 10))"}"#
        #expect(try rig.post("/ingest", large).status == 413)
        #expect(rig.zoom.counters.apiCalls == 0, "no refused request reached Zoom")
        #expect(try rig.store.summaryAndWait().counts.values.reduce(0, +) == 0)

        let connection = try TestConnection(port: rig.port)
        try connection.send("GET /ingest HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        let get = try #require(try connection.readResponse())
        #expect(get.status == 405 && get.header("Allow") == "POST")
    }
}
