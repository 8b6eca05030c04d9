import Config
import Crypto

/// The secret a verified webhook was signed with. Zoom's URL-validation challenge must be
/// answered with the same secret, so the answer is computed here rather than by the caller.
public struct WebhookKey: Sendable, Equatable, CustomStringConvertible {
    private let secret: Secret
    /// Position of the secret in the verifier's list: 0 is the current one, 1 the next one
    /// (a delivery signed with the next secret means Zoom has switched over).
    public let index: Int

    package init(secret: Secret, index: Int) {
        self.secret = secret
        self.index = index
    }

    /// The `encryptedToken` of the URL-validation answer: lowercase hex HMAC-SHA256(secret, plainToken).
    public func encryptedToken(for plainToken: String) -> String {
        Digest.hex(Digest.hmacSHA256(key: Array(secret.reveal().utf8), message: Array(plainToken.utf8)))
    }

    public var description: String { "webhook secret #\(index)" }
}
