/// Why a request failed, typed so that callers can tell a retry from a permanent failure
/// (`isTransient`). A struct over a private enum: new kinds can be added without breaking
/// callers, who compare with the static members (`error == .couldNotConnect`).
///
/// Two errors are equal when they are the same kind of failure; the URL and libcurl's detail
/// message they carry for people are context, not identity. The description never contains a
/// query string or a header value: URLs print as `scheme://host/path`.
public struct HTTPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Which limit of `HTTPTimeouts` ran out.
    public enum TimeoutPhase: String, Sendable, Equatable {
        case connect
        case lowSpeed = "low speed"
        case total
    }

    enum Kind: Sendable, Equatable {
        case couldNotConnect
        case couldNotResolveHost
        case timedOut(TimeoutPhase)
        case tlsFailure
        case redirectNotAllowed(host: String)
        case tooManyRedirects
        case abortedByCallback
        case cancelled
        case responseTooLarge
        case invalidRequest(String)
        case transport(code: Int, message: String)
    }

    let kind: Kind
    /// `scheme://host/path` of the URL being fetched when it failed.
    public private(set) var url: String?
    /// libcurl's own message (query strings removed), when it adds something.
    public private(set) var detail: String?

    init(_ kind: Kind, url: String? = nil, detail: String? = nil) {
        self.kind = kind
        self.url = url
        self.detail = detail
    }

    public static let couldNotConnect = HTTPClientError(.couldNotConnect)
    public static let couldNotResolveHost = HTTPClientError(.couldNotResolveHost)
    public static func timedOut(_ phase: TimeoutPhase) -> HTTPClientError { HTTPClientError(.timedOut(phase)) }
    public static let tlsFailure = HTTPClientError(.tlsFailure)
    /// A redirect led to a host no rule allows; nothing was sent there.
    public static func redirectNotAllowed(host: String) -> HTTPClientError { HTTPClientError(.redirectNotAllowed(host: host)) }
    public static let tooManyRedirects = HTTPClientError(.tooManyRedirects)
    /// `onHead` or `onData` returned false.
    public static let abortedByCallback = HTTPClientError(.abortedByCallback)
    /// The request's `HTTPCancellation` was cancelled.
    public static let cancelled = HTTPClientError(.cancelled)
    /// The body exceeded `maxBodyBytes`.
    public static let responseTooLarge = HTTPClientError(.responseTooLarge)
    /// The request cannot be sent as built (bad URL, a header with CR/LF, …).
    public static func invalidRequest(_ reason: String) -> HTTPClientError { HTTPClientError(.invalidRequest(reason)) }
    /// Any other libcurl failure (`CURLcode` and its text).
    public static func transport(code: Int, message: String) -> HTTPClientError {
        HTTPClientError(.transport(code: code, message: message))
    }

    /// Worth retrying later: the network or the peer may recover (connect, DNS, timeouts,
    /// resets, truncated bodies). TLS failures, refused redirects, aborts and bad requests are not.
    public var isTransient: Bool {
        switch kind {
        case .couldNotConnect, .couldNotResolveHost, .timedOut: return true
        case .transport(let code, _): return CurlCode.transientCodes.contains(code)
        case .tlsFailure, .redirectNotAllowed, .tooManyRedirects, .abortedByCallback, .cancelled,
             .responseTooLarge, .invalidRequest:
            return false
        }
    }

    /// A redirect the host rules refused, or too many redirects.
    public var isRedirectRefusal: Bool {
        switch kind {
        case .redirectNotAllowed, .tooManyRedirects: return true
        default: return false
        }
    }

    /// Any of the `timedOut` errors.
    public var isTimeout: Bool {
        if case .timedOut = kind { return true }
        return false
    }

    public static func == (lhs: HTTPClientError, rhs: HTTPClientError) -> Bool { lhs.kind == rhs.kind }

    public var description: String {
        var text = summary
        if let url { text += " (\(url))" }
        if let detail, !detail.isEmpty { text += ": \(detail)" }
        return text
    }

    private var summary: String {
        switch kind {
        case .couldNotConnect: return "could not connect"
        case .couldNotResolveHost: return "could not resolve host"
        case .timedOut(let phase): return "timed out (\(phase.rawValue))"
        case .tlsFailure: return "TLS failure"
        case .redirectNotAllowed(let host): return "redirect to \(host) not allowed by the host rules"
        case .tooManyRedirects: return "too many redirects"
        case .abortedByCallback: return "transfer aborted by its receiver"
        case .cancelled: return "transfer cancelled"
        case .responseTooLarge: return "response body too large"
        case .invalidRequest(let reason): return "invalid request: \(reason)"
        case .transport(let code, let message): return "transfer failed (curl \(code): \(message))"
        }
    }

    /// A copy carrying the redacted form of `url` (kept when already set).
    func at(_ url: String) -> HTTPClientError {
        var copy = self
        if copy.url == nil { copy.url = URLParts.redact(url) }
        return copy
    }
}
