import Foundation
import Testing
@testable import Zoom

/// The webhook made from the recordings API's answer: a body the decoder reads as Zoom's
/// own, with the same segments and dedupe keys, every object field kept, the token moved.
@Suite struct APIRecordingWebhookTests {
    /// The API's answer for the recording in the two-segment fixture: its object at the top
    /// level, `rec/download` URLs, and `download_access_token`.
    func apiAnswer(token: String? = Fixture.downloadToken) throws -> (answer: [UInt8], webhook: RecordingEvent) {
        let fixture = try Fixture.bytes("recording-completed-two-segments.json")
        guard case .success(.recording(let event)) = WebhookDecoder.decode(fixture) else { throw Failure("fixture") }
        let root = try #require(try JSONSerialization.jsonObject(with: Data(fixture)) as? [String: Any])
        var object = try #require((root["payload"] as? [String: Any])?["object"] as? [String: Any])
        var files = try #require(object["recording_files"] as? [[String: Any]])
        for index in files.indices {
            if let url = files[index]["download_url"] as? String {
                files[index]["download_url"] = url.replacingOccurrences(of: "webhook_download", with: "download")
            }
        }
        object["recording_files"] = files
        if let token { object["download_access_token"] = token }
        return (Array(try JSONSerialization.data(withJSONObject: object)), event)
    }

    struct Failure: Error { let what: String; init(_ what: String) { self.what = what } }

    @Test func theBodyDecodesToTheWebhooksSegmentsAndKeys() throws {
        let (answer, original) = try apiAnswer()
        let made = try APIRecordingWebhook.make(fromAPIAnswer: answer, accountID: "configured", eventTimestamp: 1_764_500_000_123).get()
        guard case .success(.recording(let decoded)) = WebhookDecoder.decode(made.body) else {
            Issue.record("the made body does not decode")
            return
        }
        #expect(decoded == made.event)
        #expect(decoded.kind == .completed)
        #expect(decoded.eventTimestamp == 1_764_500_000_123)
        #expect(decoded.downloadToken == Fixture.downloadToken)
        #expect(decoded.accountID == original.accountID)  // the object's account_id wins over the configured one
        #expect(decoded.meeting.uuid == original.meeting.uuid)
        #expect(decoded.segments().map(\.dedupeKey) == original.segments().map(\.dedupeKey))
        #expect(decoded.segments().map(\.recordingStart) == original.segments().map(\.recordingStart))
        #expect(decoded.segments().map(\.referenceID) == original.segments().map(\.referenceID))
        #expect(decoded.meeting.files.allSatisfy { $0.downloadURL.contains("/rec/download/") })
    }

    @Test func theObjectKeepsEveryFieldButTheToken() throws {
        let (answer, _) = try apiAnswer()
        let made = try APIRecordingWebhook.make(fromAPIAnswer: answer, accountID: "configured", eventTimestamp: 1).get()
        let body = try #require(try JSONSerialization.jsonObject(with: Data(made.body)) as? [String: Any])
        #expect(Set(body.keys) == ["event", "event_ts", "payload", "download_token"])
        #expect(body["event"] as? String == "recording.completed")
        let object = try #require((body["payload"] as? [String: Any])?["object"] as? [String: Any])
        let original = try #require(try JSONSerialization.jsonObject(with: Data(answer)) as? [String: Any])
        #expect(Set(object.keys) == Set(original.keys).subtracting(["download_access_token"]))
        #expect((object["id"] as? NSNumber)?.int64Value == 88_031_573_992)
        #expect(object["password"] as? String == original["password"] as? String)
        #expect(!String(decoding: made.body, as: UTF8.self).contains("\\/"), "slashes are not escaped")
        #expect(!made.description.contains(Fixture.tokenMarker))
    }

    @Test func withoutATokenTheBodyHasNone() throws {
        let (answer, _) = try apiAnswer(token: nil)
        let made = try APIRecordingWebhook.make(fromAPIAnswer: answer, accountID: "configured", eventTimestamp: 1).get()
        #expect(made.event.downloadToken == nil)
        #expect(!String(decoding: made.body, as: UTF8.self).contains("download_token"))
    }

    @Test func theConfiguredAccountStandsInWhenTheObjectHasNone() throws {
        let answer = #"{"uuid":"u1==","id":1,"topic":"t","host_id":"h","host_email":"h@x.edu","start_time":"2026-01-01T00:00:00Z","recording_files":[]}"#
        let made = try APIRecordingWebhook.make(fromAPIAnswer: Array(answer.utf8), accountID: "configured", eventTimestamp: 1).get()
        #expect(made.event.accountID == "configured")
        #expect(made.event.segments().isEmpty)
    }

    @Test func answersThatAreNotRecordingsAreRefusedWithThePath() {
        #expect(throws: WebhookDecodeError.self) { try APIRecordingWebhook.make(fromAPIAnswer: Array("[1]".utf8), accountID: "a", eventTimestamp: 1).get() }
        #expect(throws: WebhookDecodeError.self) { try APIRecordingWebhook.make(fromAPIAnswer: Array("nope".utf8), accountID: "a", eventTimestamp: 1).get() }
        let missing = #"{"uuid":"u1==","id":1,"topic":"t","host_id":"h","start_time":"2026-01-01T00:00:00Z","recording_files":[]}"#
        let error = #expect(throws: WebhookDecodeError.self) {
            try APIRecordingWebhook.make(fromAPIAnswer: Array(missing.utf8), accountID: "a", eventTimestamp: 1).get()
        }
        #expect(error?.path == "payload.object.host_email")
    }

    @Test func jsonValuesSurviveTheRoundTrip() throws {
        let text = #"{"a":null,"b":true,"c":-12,"d":1.5,"e":"x\/y","f":[1,"2",false],"g":{"h":9007199254740993}}"#
        let value = try JSONDecoder().decode(WireJSON.self, from: Data(text.utf8))
        guard case .object(let object) = value else { Issue.record("not an object"); return }
        #expect(object["a"] == .null)
        #expect(object["b"] == .bool(true))
        #expect(object["c"] == .int(-12))
        #expect(object["d"] == .double(1.5))
        #expect(object["e"] == .string("x/y"))
        #expect(object["f"] == .array([.int(1), .string("2"), .bool(false)]))
        #expect(object["g"] == .object(["h": .int(9_007_199_254_740_993)]))
        let again = try JSONDecoder().decode(WireJSON.self, from: try JSONEncoder().encode(value))
        #expect(again == value)
    }
}
