import Config
import Crypto

/// Decides whether a webhook really comes from Zoom, before anything in it is trusted: the
/// `x-zm-signature` HMAC over the raw body under one of the configured secrets (two during a
/// rotation), and a request timestamp close to our clock so that a captured request cannot be
/// replayed later.
public struct WebhookVerifier: Sendable {
    private let keys: [[UInt8]]
    private let secrets: [Secret]
    private let windowSeconds: Int64

    /// - Parameters:
    ///   - secrets: the current secret first, then the next one during a rotation; at least one.
    ///   - window: how far the request timestamp may be from `now`, either way (default 300 s;
    ///     whole seconds, a fraction is dropped).
    public init(secrets: [Secret], window: Duration = .seconds(300)) {
        precondition(!secrets.isEmpty, "WebhookVerifier needs at least one secret")
        precondition(window >= .zero, "WebhookVerifier window must not be negative")
        self.secrets = secrets
        self.keys = secrets.map { Array($0.reveal().utf8) }
        self.windowSeconds = window.components.seconds
    }

    /// Verifies `x-zm-signature` = `v0=` + lowercase hex HMAC-SHA256(secret, `v0:{timestamp}:{body}`)
    /// against every configured secret (constant-time comparison each, all secrets always
    /// tried), then the timestamp (epoch seconds) within the window of `now` (epoch seconds).
    /// Header problems are reported before the MAC is computed; a correctly signed but old
    /// request is `.staleTimestamp`, so that a clock problem is told apart from a wrong secret.
    public func verify(signature: String?, timestamp: String?, body: [UInt8], now: Int64)
        -> Result<WebhookKey, WebhookRejection>
    {
        guard let signature else { return .failure(.missingSignature) }
        guard let presented = WebhookSignature.parse(signature) else { return .failure(.malformedSignature) }
        guard let timestamp else { return .failure(.missingTimestamp) }
        guard let seconds = WebhookTimestamp.parse(timestamp) else { return .failure(.malformedTimestamp) }

        var matched: Int? = nil
        for (index, key) in keys.enumerated() {
            let expected = WebhookSignature.mac(key: key, timestamp: timestamp, body: body)
            if ConstantTime.equals(expected, presented), matched == nil { matched = index }
        }
        guard let matched else { return .failure(.signatureMismatch) }
        guard WebhookTimestamp.isFresh(seconds, now: now, window: windowSeconds) else {
            return .failure(.staleTimestamp)
        }
        return .success(WebhookKey(secret: secrets[matched], index: matched))
    }
}
