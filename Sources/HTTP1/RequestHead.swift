/// The protocol version from a request line; HTTP/1.x minor versions above 1 are served as 1.1.
public struct HTTPVersion: Sendable, Hashable, CustomStringConvertible {
    public var major: Int
    public var minor: Int

    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    public static let http1_0 = HTTPVersion(major: 1, minor: 0)
    public static let http1_1 = HTTPVersion(major: 1, minor: 1)

    public var description: String { "HTTP/\(major).\(minor)" }
}

/// How the body of a request is delimited (RFC 9112 §6.3).
public enum BodyFraming: Sendable, Hashable {
    /// No body: neither Content-Length nor Transfer-Encoding.
    case none
    /// Exactly this many bytes follow the header section.
    case length(Int)
    /// The chunked transfer coding.
    case chunked
}

/// A parsed request line and header section.
public struct RequestHead: Sendable, Equatable {
    /// The method token, case-sensitive (RFC 9110 §9.1).
    public var method: String
    /// The request-target exactly as sent.
    public var target: String
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    /// Whether the connection may carry another request after this one (RFC 9112 §9.3).
    public var keepAlive: Bool
    public var framing: BodyFraming
    /// The client sent `Expect: 100-continue` and waits for an interim response before the body.
    public var expectContinue: Bool

    public init(method: String, target: String, version: HTTPVersion, headers: HTTPHeaders,
                keepAlive: Bool, framing: BodyFraming, expectContinue: Bool = false) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.keepAlive = keepAlive
        self.framing = framing
        self.expectContinue = expectContinue
    }

    /// The path of the target without its query, for routing. For an absolute-form target
    /// (`http://host/p?q`) it is the path after the authority, `/` when empty.
    public var path: Substring {
        var rest = Substring(target)
        if rest.first != "/", let colon = rest.firstIndex(of: ":"), rest[colon...].hasPrefix("://") {
            rest = rest[rest.index(colon, offsetBy: 3)...]
            rest = rest[(rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex)...]
        }
        if let q = rest.firstIndex(of: "?") { rest = rest[..<q] }
        return rest.isEmpty ? "/" : rest
    }

    /// The query string after `?`, without it; nil when the target has none.
    public var query: Substring? {
        target.firstIndex(of: "?").map { target[target.index(after: $0)...] }
    }
}
