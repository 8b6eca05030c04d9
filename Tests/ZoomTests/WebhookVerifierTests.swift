import Config
import Testing
import Zoom

@Suite struct WebhookVerifierTests {
    static let body = Array(#"{"event":"meeting.started","event_ts":1740576801627,"payload":{}}"#.utf8)
    static let stamp: Int64 = 1_740_576_802
    static let current = Secret("current-secret-0123456789")
    static let next = Secret("next-secret-9876543210")

    static func sign(_ secret: Secret, timestamp: String = String(stamp), body: [UInt8] = body) -> String {
        WebhookSignature.header(key: Array(secret.reveal().utf8), timestamp: timestamp, body: body)
    }

    static func verify(_ verifier: WebhookVerifier, signature: String?, timestamp: String? = String(stamp),
                       now: Int64 = stamp) -> Result<WebhookKey, WebhookRejection> {
        verifier.verify(signature: signature, timestamp: timestamp, body: body, now: now)
    }

    @Test(arguments: [-300, -1, 0, 1, 300] as [Int64])
    func timestampsWithinTheWindowAreAccepted(offset: Int64) throws {
        let verifier = WebhookVerifier(secrets: [Self.current])
        _ = try Self.verify(verifier, signature: Self.sign(Self.current), now: Self.stamp + offset).get()
    }

    @Test(arguments: [-301, 301, -86_400, Int64.max - stamp, Int64.min + 1] as [Int64])
    func timestampsOutsideTheWindowAreStale(offset: Int64) {
        let verifier = WebhookVerifier(secrets: [Self.current])
        #expect(Self.verify(verifier, signature: Self.sign(Self.current), now: Self.stamp &+ offset).failure
            == .staleTimestamp)
    }

    @Test func theWindowIsConfigurable() throws {
        let verifier = WebhookVerifier(secrets: [Self.current], window: .seconds(10))
        _ = try Self.verify(verifier, signature: Self.sign(Self.current), now: Self.stamp - 10).get()
        #expect(Self.verify(verifier, signature: Self.sign(Self.current), now: Self.stamp + 11).failure == .staleTimestamp)
    }

    @Test(arguments: ["", "null", "-1740576802", "+1740576802", "1740576802.5", " 1740576802", "1740576802 ",
                      "1e9", "0x67bf1d22", "１７４０５７６８０２", "99999999999999999999"])
    func nonDigitTimestampsAreMalformed(timestamp: String) {
        let verifier = WebhookVerifier(secrets: [Self.current])
        // Signed over the same bad timestamp, so only the timestamp's form can be the reason.
        let signature = Self.sign(Self.current, timestamp: timestamp)
        #expect(Self.verify(verifier, signature: signature, timestamp: timestamp).failure == .malformedTimestamp)
    }

    @Test func aMissingTimestampIsReported() {
        let verifier = WebhookVerifier(secrets: [Self.current])
        #expect(Self.verify(verifier, signature: Self.sign(Self.current), timestamp: nil).failure == .missingTimestamp)
    }

    @Test func bothRotationSecretsAreAcceptedAndNamed() throws {
        let verifier = WebhookVerifier(secrets: [Self.current, Self.next])
        #expect(try Self.verify(verifier, signature: Self.sign(Self.current)).get().index == 0)
        #expect(try Self.verify(verifier, signature: Self.sign(Self.next)).get().index == 1)
        #expect(Self.verify(verifier, signature: Self.sign(Secret("someone-else"))).failure == .signatureMismatch)
        // With only the current secret configured, the next one's signature is not enough.
        let single = WebhookVerifier(secrets: [Self.current])
        #expect(Self.verify(single, signature: Self.sign(Self.next)).failure == .signatureMismatch)
    }

    /// The key that matched answers URL validation with its own secret.
    @Test func theMatchingKeyAnswersURLValidation() throws {
        let verifier = WebhookVerifier(secrets: [Self.current, Self.next])
        let key = try Self.verify(verifier, signature: Self.sign(Self.next)).get()
        #expect(key.encryptedToken(for: "qgg8vlvZRS6UYooatFL8Aw")
            == WebhookKey(secret: Self.next, index: 1).encryptedToken(for: "qgg8vlvZRS6UYooatFL8Aw"))
        #expect(key.encryptedToken(for: "qgg8vlvZRS6UYooatFL8Aw")
            != WebhookKey(secret: Self.current, index: 0).encryptedToken(for: "qgg8vlvZRS6UYooatFL8Aw"))
        #expect(!"\(key)".contains(Self.next.reveal()))
    }

    @Test func aTamperedBodyIsRejected() {
        let verifier = WebhookVerifier(secrets: [Self.current])
        var tampered = Self.body
        tampered[tampered.count - 2] = UInt8(ascii: " ")
        #expect(verifier.verify(signature: Self.sign(Self.current), timestamp: String(Self.stamp), body: tampered,
                                now: Self.stamp).failure == .signatureMismatch)
    }

    @Test func aMissingSignatureIsReportedFirst() {
        let verifier = WebhookVerifier(secrets: [Self.current])
        #expect(Self.verify(verifier, signature: nil).failure == .missingSignature)
        #expect(Self.verify(verifier, signature: nil, timestamp: nil).failure == .missingSignature)
    }

    static let hex64 = String(repeating: "ab", count: 32)

    @Test(arguments: [
        "", "v0=", "v0", "v1=" + hex64, "V0=" + hex64, "v0=" + String(hex64.dropLast()), "v0=" + hex64 + "a",
        "v0=" + hex64.uppercased(), " v0=" + hex64, "v0=" + hex64 + " ", "v0=" + String(hex64.dropLast()) + "g",
        "sha256=" + hex64, "v0=" + hex64 + ",v0=" + hex64,
    ])
    func malformedSignaturesAreRejectedBeforeTheMAC(signature: String) {
        let verifier = WebhookVerifier(secrets: [Self.current])
        #expect(Self.verify(verifier, signature: signature).failure == .malformedSignature)
    }

    /// Zoom sends lowercase hex; the same MAC in uppercase is not accepted.
    @Test func anUppercaseCopyOfAValidSignatureIsMalformed() {
        let verifier = WebhookVerifier(secrets: [Self.current])
        let valid = Self.sign(Self.current)
        let upper = "v0=" + valid.dropFirst(3).uppercased()
        #expect(Self.verify(verifier, signature: upper).failure == .malformedSignature)
    }

    @Test func rejectionsHaveStableCodesAndSayNothingSecret() {
        let all: [(WebhookRejection, String)] = [
            (.missingSignature, "missing_signature"), (.malformedSignature, "malformed_signature"),
            (.missingTimestamp, "missing_timestamp"), (.malformedTimestamp, "malformed_timestamp"),
            (.staleTimestamp, "stale_timestamp"), (.signatureMismatch, "signature_mismatch"),
        ]
        for (rejection, code) in all {
            #expect(rejection.code == code)
            #expect(rejection.description.hasSuffix("."))
            #expect(!rejection.description.contains(Self.current.reveal()))
        }
        #expect(Set(all.map(\.0.description)).count == all.count)
    }
}
