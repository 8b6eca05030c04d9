/// Why a webhook was refused (the server answers 401 and stores nothing). The description is
/// for an operator's log: it names the problem, never a secret, a signature or the body.
public struct WebhookRejection: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Reason: Sendable, Equatable {
        case missingSignature, malformedSignature, missingTimestamp, malformedTimestamp
        case staleTimestamp, signatureMismatch
    }

    private let reason: Reason
    private init(_ reason: Reason) { self.reason = reason }

    /// No `x-zm-signature` header.
    public static let missingSignature = Self(.missingSignature)
    /// `x-zm-signature` is not `v0=` and 64 lowercase hex digits.
    public static let malformedSignature = Self(.malformedSignature)
    /// No `x-zm-request-timestamp` header.
    public static let missingTimestamp = Self(.missingTimestamp)
    /// `x-zm-request-timestamp` is not decimal digits (epoch seconds).
    public static let malformedTimestamp = Self(.malformedTimestamp)
    /// Correctly signed, but the timestamp is outside the window: a replay or a wrong clock.
    public static let staleTimestamp = Self(.staleTimestamp)
    /// The signature matches none of the configured secrets (or the body was altered).
    public static let signatureMismatch = Self(.signatureMismatch)

    /// A stable snake_case name for logs and metrics labels.
    public var code: String {
        switch reason {
        case .missingSignature: "missing_signature"
        case .malformedSignature: "malformed_signature"
        case .missingTimestamp: "missing_timestamp"
        case .malformedTimestamp: "malformed_timestamp"
        case .staleTimestamp: "stale_timestamp"
        case .signatureMismatch: "signature_mismatch"
        }
    }

    public var description: String {
        switch reason {
        case .missingSignature:
            "The request has no x-zm-signature header, so it cannot be from Zoom."
        case .malformedSignature:
            "The x-zm-signature header is not \"v0=\" followed by 64 lowercase hex digits."
        case .missingTimestamp:
            "The request has no x-zm-request-timestamp header."
        case .malformedTimestamp:
            "The x-zm-request-timestamp header is not a whole number of seconds since the epoch."
        case .staleTimestamp:
            "The request is correctly signed but its timestamp is outside the allowed window: "
                + "a replayed request, or this server's clock is wrong (check NTP)."
        case .signatureMismatch:
            "The x-zm-signature does not match the body under any configured secret: check "
                + "ZOOM_WEBHOOK_SECRET (and ZOOM_WEBHOOK_SECRET_NEXT during a rotation)."
        }
    }
}
