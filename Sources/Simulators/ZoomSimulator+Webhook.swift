import Crypto
import HTTPClient
import Platform

/// Zoom's side of a webhook delivery: the `recording.completed` body for a recording of the
/// simulator, signed and sent the way Zoom sends it.
extension ZoomSimulator {
    /// The `recording.completed` event for a recording added to the simulator, with a fresh
    /// `download_token` and `webhook_download` URLs on the simulator; nil for an unknown uuid.
    public func recordingCompletedBody(meetingUUID: String) -> [UInt8]? {
        guard let recording = store.state.withLock({ $0.recordings[meetingUUID] }) else { return nil }
        let token = store.issueDownloadToken(uuid: meetingUUID)
        let object = recording.json(base: baseURL, downloadPath: "rec/webhook_download", accountID: accountID)
        return SimJSON.encode([
            "event": "recording.completed", "event_ts": epochMilliseconds(),
            "payload": ["account_id": accountID, "object": object] as [String: Any],
            "download_token": token,
        ] as [String: Any])
    }

    /// The `x-zm-signature` value for `body` at `timestamp`: `v0=` + hex HMAC-SHA256(secret,
    /// `v0:{timestamp}:{body}`).
    public static func signature(secret: String, timestamp: String, body: [UInt8]) -> String {
        "v0=" + Digest.hex(Digest.hmacSHA256(key: Array(secret.utf8), message: Array("v0:\(timestamp):".utf8) + body))
    }

    /// POSTs `body` to `url` signed like Zoom (epoch-seconds timestamp, v0 HMAC), with Zoom's headers.
    /// - Parameter timestamp: epoch seconds; default now.
    /// - Returns: the receiver's status and body.
    public func sendWebhook(to url: String, secret: String, body: [UInt8],
                            timestamp: Int64? = nil) throws(HTTPClientError) -> (status: Int, body: [UInt8]) {
        let stamp = String(timestamp ?? epochMilliseconds() / 1000)
        let request = HTTPRequest(method: "POST", url: url, headers: [
            HTTPHeader("Content-Type", "application/json; charset=utf-8"),
            HTTPHeader("User-Agent", "Zoom Marketplace/1.0a"),
            HTTPHeader("x-zm-request-timestamp", stamp),
            HTTPHeader("x-zm-signature", Self.signature(secret: secret, timestamp: stamp, body: body)),
            HTTPHeader("x-zm-trackingid", "zsim_" + Digest.hex(Digest.randomBytes(8))),
        ], body: .bytes(body))
        let response = try webhookClient.send(request)
        return (response.status, response.body)
    }

    private var webhookClient: HTTPClient { Self.client }
    private static let client = HTTPClient(userAgent: "Zoom Marketplace/1.0a")
}
