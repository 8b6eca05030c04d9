import Foundation
import Config
import Testing
import Zoom

/// zoom-facts §2, T1–T6b, byte for byte.
@Suite struct WebhookSignatureVectorTests {
    static let bodyB = #"{"event":"recording.completed","event_ts":1740576801627,"payload":{"account_id":"AAAA","object":{"uuid":"/ajXp112QmuoKj4854875==","id":88031573992,"topic":"Test","recording_files":[{"id":"f1","file_type":"MP4","file_size":308098,"download_url":"https://us06web.zoom.us/rec/webhook_download/x/y","status":"completed","recording_type":"shared_screen_with_speaker_view"}]}},"download_token":"tok"}"#
    static let t6Header = "v0=437271c636fda34448d66eed46d1aa7fddac7ddc87c0afd463b9c2361247d795"

    @Test(arguments: [
        ("1697204592920", #"{"foo": "bar"}"#, "v0=4fbb75111d585a4c58bc193aba49b007ddd7170f9191b0286d9413c1a07a44e8"),
        ("1697204592920", #"{"foo":"bar"}"#, "v0=f46042d159828f787589618793a3f535b54de02da06ea660545e46c8960b70bf"),
        ("", "", "v0=48313323faaa3e2551387fedc6a9dbf72f93a6293033e7339e57c844dc1b107d"),
        ("null", "null", "v0=d91ecd49b2475959bcd627b71f5c2dd2c59b4a5712c7b2c41f1d9071422c378b"),
    ])
    func vectorsT1toT4(timestamp: String, body: String, expected: String) {
        #expect(WebhookSignature.header(key: Array("secret".utf8), timestamp: timestamp, body: Array(body.utf8)) == expected)
    }

    /// T1 and T2 through the verifier: their 13-digit timestamp is read as seconds, so they pass
    /// with a `now` equal to it and are stale at a real clock (the MAC matched, the age did not).
    @Test func t1AndT2ThroughTheVerifier() {
        let verifier = WebhookVerifier(secrets: [Secret("secret")])
        let t1 = "v0=4fbb75111d585a4c58bc193aba49b007ddd7170f9191b0286d9413c1a07a44e8"
        let t2 = "v0=f46042d159828f787589618793a3f535b54de02da06ea660545e46c8960b70bf"
        let b1 = Array(#"{"foo": "bar"}"#.utf8), b2 = Array(#"{"foo":"bar"}"#.utf8)
        let ts = "1697204592920"
        #expect((try? verifier.verify(signature: t1, timestamp: ts, body: b1, now: 1_697_204_592_920).get()) != nil)
        #expect((try? verifier.verify(signature: t2, timestamp: ts, body: b2, now: 1_697_204_592_920).get()) != nil)
        #expect(verifier.verify(signature: t1, timestamp: ts, body: b1, now: 1_697_204_592).failure == .staleTimestamp)
        #expect(verifier.verify(signature: t1, timestamp: ts, body: b2, now: 1_697_204_592_920).failure == .signatureMismatch)
    }

    /// T3 and T4 have an empty and a "null" timestamp: the MAC is right, the header is not.
    @Test func t3AndT4AreMalformedTimestamps() {
        let verifier = WebhookVerifier(secrets: [Secret("secret")])
        let t3 = "v0=48313323faaa3e2551387fedc6a9dbf72f93a6293033e7339e57c844dc1b107d"
        let t4 = "v0=d91ecd49b2475959bcd627b71f5c2dd2c59b4a5712c7b2c41f1d9071422c378b"
        #expect(verifier.verify(signature: t3, timestamp: "", body: [], now: 0).failure == .malformedTimestamp)
        #expect(verifier.verify(signature: t4, timestamp: "null", body: Array("null".utf8), now: 0).failure == .malformedTimestamp)
    }

    @Test func t5URLValidationToken() {
        let key = WebhookKey(secret: Secret("secret"), index: 0)
        #expect(key.encryptedToken(for: "qgg8vlvZRS6UYooatFL8Aw")
            == "72cef096bfd47c0b8664df30d07721641e4abd7e885ba432204260db477a9a3e")
    }

    @Test func t6AcceptedAndT6bRejected() throws {
        #expect(Self.bodyB.utf8.count == 394)
        let verifier = WebhookVerifier(secrets: [Secret("zoom-test-secret")])
        let key = try verifier.verify(signature: Self.t6Header, timestamp: "1740576802",
                                      body: Array(Self.bodyB.utf8), now: 1_740_576_802).get()
        #expect(key.index == 0)

        let bodyB2 = Self.bodyB.replacingOccurrences(of: #""event":"#, with: #""event": "#)
        #expect(bodyB2.utf8.count == 395)
        #expect(WebhookSignature.header(key: Array("zoom-test-secret".utf8), timestamp: "1740576802", body: Array(bodyB2.utf8))
            == "v0=9ab5a6fa4a6935b45220d34c9716d0618c3a6e12fc8d8a19383242147261c63a")
        #expect(verifier.verify(signature: Self.t6Header, timestamp: "1740576802",
                                body: Array(bodyB2.utf8), now: 1_740_576_802).failure == .signatureMismatch)
    }

    /// Body B is a signature vector, not a complete event: it has no host, so decoding names the gap.
    @Test func bodyBLacksTheHostFields() {
        #expect(WebhookDecoder.decode(Array(Self.bodyB.utf8)).failure == .missingField(path: "payload.object.host_id"))
    }
}
