import Crypto
import Foundation
import Jobs
import Testing
import TestSupport
import Zoom

@Suite struct WebhookIntakeTests {
    @Test func signedRecordingIsStoredBeforeThe200() throws {
        let harness = try IntakeHarness()
        defer { harness.stop() }
        let body = SampleWebhooks.recordingCompleted(uuid: "abc/def==", segments: 2)
        let response = try harness.send(harness.signed(body))
        #expect(response.status == 200)
        let answer = try harness.json(response)
        let ids = try #require(answer["jobs"] as? [Int])
        #expect(ids.count == 2 && answer["new"] as? Int == 2 && answer["duplicates"] as? Int == 0)

        // The 200 came after the commit: the jobs are readable now, with their segments.
        let job = try #require(try harness.store.job(id: Int64(ids[1])))
        #expect(job.state == .queued && job.meetingUUID == "abc/def==" && job.kind == "recording.completed")
        #expect(job.recordingStart == "2026-11-30T11:00:05Z")
        #expect(job.payload == body)  // the body as Zoom signed it
        let segment = try #require(RecordingSegment.stored(body: job.payload, recordingStart: job.recordingStart))
        #expect(segment.part == 2 && segment.meeting.files.count == 6)
        #expect(segment.dedupeKey == job.dedupeKey)
        #expect(segment.downloadToken == "download-token-abc/def==")
        #expect(try harness.store.summaryAndWait().lastWebhookAt == IntakeHarness.now)
    }

    @Test func repeatedDeliveryIsANoOpThatStillAnswers200() throws {
        let harness = try IntakeHarness()
        defer { harness.stop() }
        let request = harness.signed(SampleWebhooks.recordingCompleted(uuid: "repeat==", segments: 3))
        let first = try harness.json(harness.send(request))
        let second = try harness.send(request)
        #expect(second.status == 200)
        let again = try harness.json(second)
        #expect(again["new"] as? Int == 0 && again["duplicates"] as? Int == 3)
        #expect(again["jobs"] as? [Int] == first["jobs"] as? [Int])
        #expect(try harness.store.summaryAndWait().counts[.queued] == 3)
        #expect(second.text.hasPrefix(#"{"duplicates":3,"jobs":["#))
    }

    /// The same event with different bytes (re-serialised) misses the in-memory shortcut and is
    /// still recognised as a repeat by the store's dedupe keys.
    @Test func aReserialisedRepeatIsCaughtByTheStore() throws {
        let harness = try IntakeHarness()
        defer { harness.stop() }
        let body = SampleWebhooks.recordingCompleted(uuid: "reserialised==", segments: 2)
        let first = try harness.json(harness.send(harness.signed(body)))
        let object = try JSONSerialization.jsonObject(with: Data(body))
        let pretty = Array(try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted]))
        #expect(pretty != body)
        let again = try harness.json(harness.send(harness.signed(pretty)))
        #expect(again["new"] as? Int == 0 && again["duplicates"] as? Int == 2)
        #expect(again["jobs"] as? [Int] == first["jobs"] as? [Int])
        #expect(try harness.store.summaryAndWait().counts[.queued] == 2)
    }

    @Test func urlValidationRoundTrip() throws {
        let harness = try IntakeHarness()
        defer { harness.stop() }
        let response = try harness.send(harness.signed(SampleWebhooks.urlValidation(plainToken: "qgg8vlvZRS6UYooatFL8Aw")))
        #expect(response.status == 200)
        let answer = try harness.json(response)
        #expect(answer["plainToken"] as? String == "qgg8vlvZRS6UYooatFL8Aw")
        let expected = Digest.hex(Digest.hmacSHA256(key: Array(IntakeHarness.secret.utf8), message: Array("qgg8vlvZRS6UYooatFL8Aw".utf8)))
        #expect(answer["encryptedToken"] as? String == expected)
    }

    @Test func theNextSecretWorksDuringRotation() throws {
        let harness = try IntakeHarness()
        defer { harness.stop() }
        let response = try harness.send(harness.signed(SampleWebhooks.urlValidation(plainToken: "tok"), secret: IntakeHarness.nextSecret))
        #expect(response.status == 200)
        let expected = Digest.hex(Digest.hmacSHA256(key: Array(IntakeHarness.nextSecret.utf8), message: Array("tok".utf8)))
        #expect(try harness.json(response)["encryptedToken"] as? String == expected)
    }

    @Test func badSignaturesAre401AndStoreNothing() throws {
        let harness = try IntakeHarness()
        defer { harness.stop() }
        let body = SampleWebhooks.recordingCompleted(uuid: "forged==")
        let wrongSecret = harness.signed(body, secret: "not-the-secret")
        let stale = harness.signed(body, timestamp: IntakeHarness.now / 1000 - 301)
        let unsigned = Array("POST /webhooks/zoom HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body
        var tampered = harness.signed(body)
        tampered[tampered.count - 3] ^= 0x01
        for (request, code) in [(wrongSecret, "signature_mismatch"), (stale, "stale_timestamp"),
                                (unsigned, "missing_signature"), (tampered, "signature_mismatch")] {
            let response = try harness.send(request)
            #expect(response.status == 401)
            #expect(try harness.json(response)["error"] as? String == code)
        }
        #expect(try harness.store.summaryAndWait().counts.values.reduce(0, +) == 0)
        // The log says why, without the signature or the body.
        let log = harness.logs.lines.joined()
        #expect(log.contains("signature_mismatch"))
        #expect(!log.contains("v0=") && !log.contains("forged=="))
    }

    @Test func malformedSignedBodiesAre400WithTheField() throws {
        let harness = try IntakeHarness()
        defer { harness.stop() }
        let invalid = try harness.send(harness.signed(Array("{not json".utf8)))
        #expect(invalid.status == 400)
        #expect(try harness.json(invalid)["error"] as? String == "invalid_json")

        var object = try #require(try JSONSerialization.jsonObject(with: Data(SampleWebhooks.recordingCompleted(uuid: "u"))) as? [String: Any])
        var payload = try #require(object["payload"] as? [String: Any])
        var meeting = try #require(payload["object"] as? [String: Any])
        meeting.removeValue(forKey: "host_email")
        payload["object"] = meeting
        object["payload"] = payload
        let missing = try harness.send(harness.signed(Array(try JSONSerialization.data(withJSONObject: object))))
        #expect(missing.status == 400)
        let detail = try harness.json(missing)["detail"] as? String
        #expect(detail?.contains("payload.object.host_email") == true)
        #expect(try harness.store.summaryAndWait().counts.values.reduce(0, +) == 0)
    }

    @Test func otherEventsAre204AndNotStored() throws {
        let harness = try IntakeHarness()
        defer { harness.stop() }
        let body = Array(#"{"event":"meeting.started","event_ts":1,"payload":{"object":{"uuid":"x"}}}"#.utf8)
        let response = try harness.send(harness.signed(body))
        #expect(response.status == 204)
        #expect(try harness.store.summaryAndWait().counts.values.reduce(0, +) == 0)
    }

    @Test func wrongContentTypeIs415AndOversizeIs413() throws {
        let harness = try IntakeHarness()
        defer { harness.stop() }
        let body = SampleWebhooks.recordingCompleted(uuid: "ct")
        let plain = try harness.send(harness.signed(body, contentType: "text/plain"))
        #expect(plain.status == 415)
        #expect(try harness.json(plain)["error"] as? String == "unsupported_media_type")

        let huge = [UInt8](repeating: 0x20, count: (1 << 20) + 1)
        let tooLarge = try harness.send(harness.signed(huge))
        #expect(tooLarge.status == 413)
        #expect(try harness.json(tooLarge)["error"] as? String == "content_too_large")
    }

    @Test func storeFailureGives503WithRetryAfterAndReadyzSaysSo() throws {
        let harness = try IntakeHarness { path in
            SQLiteJobStore(path: path, pragmas: ["PRAGMA max_page_count = 8"])  // a "full disk"
        }
        defer { harness.stop() }
        let big = SampleWebhooks.recordingCompleted(uuid: String(repeating: "u", count: 40_000), segments: 1)
        let response = try harness.send(harness.signed(big))
        #expect(response.status == 503)
        #expect(response.header("Retry-After") == "60")
        #expect(try harness.json(response)["error"] as? String == "store_unavailable")
        let ready = try harness.send(Array("GET /readyz HTTP/1.1\r\nHost: h\r\n\r\n".utf8))
        #expect(ready.status == 503)
        #expect(try harness.send(Array("GET /healthz HTTP/1.1\r\nHost: h\r\n\r\n".utf8)).status == 200)
        #expect(harness.logs.lines.contains { $0.contains("answering 503") })
    }

    @Test func readyzIsReadyWithAWorkingStoreAndNotWhileDraining() throws {
        let harness = try IntakeHarness()
        defer { harness.stop() }
        harness.store.open()
        #expect(try harness.send(Array("GET /readyz HTTP/1.1\r\nHost: h\r\n\r\n".utf8)).status == 200)
        harness.draining.begin()
        let draining = try harness.send(Array("GET /readyz HTTP/1.1\r\nHost: h\r\n\r\n".utf8))
        #expect(draining.status == 503)
        #expect(try harness.json(draining)["error"] as? String == "draining")
    }

    @Test func withoutASecretEveryDeliveryIs503() throws {
        let harness = try IntakeHarness(secrets: [])
        defer { harness.stop() }
        let response = try harness.send(harness.signed(SampleWebhooks.urlValidation(plainToken: "t")))
        #expect(response.status == 503)
        #expect(try harness.json(response)["error"] as? String == "not_configured")
    }
}
