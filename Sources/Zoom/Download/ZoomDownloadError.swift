import HTTPClient

/// Why a recording download failed, classified for the copier: whether waiting helps, and
/// whether a fresh download token (from the recordings API) might.
public struct ZoomDownloadError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The URL's host is not in ZOOM_DOWNLOAD_HOSTS (or a redirect left it).
        case hostNotAllowed
        /// 401/403, or Zoom's HTML error page with status 200: the token is expired or wrong.
        case tokenRejected
        /// 404: the file is gone.
        case notFound
        /// Content-Length or the bytes received differ from the file's size.
        case sizeMismatch
        /// 429 or 5xx: try later.
        case unavailable
        /// The connection failed or broke (reset, timeout).
        case transport
        /// Any other status.
        case unexpectedStatus
    }

    public let kind: Kind
    public let retryAfter: Duration?
    public let detail: String

    public init(_ kind: Kind, retryAfter: Duration? = nil, detail: String) {
        self.kind = kind
        self.retryAfter = retryAfter
        self.detail = detail
    }

    public var isTransient: Bool { kind == .unavailable || kind == .transport }

    public var description: String { "\(kind.rawValue): \(detail)" }
}
