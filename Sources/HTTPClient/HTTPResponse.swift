/// The outcome of a request that got an answer, whatever its status: a 4xx or 5xx is a
/// response, not an error, because only the caller knows whether to retry it.
public struct HTTPResponse: Sendable {
    public var status: Int
    /// In the order received; look them up with `header(_:)`.
    public var headers: [HTTPHeader]
    /// The body from `send`; empty from `stream`, which hands the body to its callback.
    public var body: [UInt8]
    /// Body bytes received from the final response (`body.count` for `send`; the streamed
    /// total for `stream`): compare it with the size the server promised.
    public var bodyBytes: Int
    /// The URL that answered, after redirects.
    public var effectiveURL: String
    /// Redirects followed.
    public var redirects: Int
    public var timing: HTTPTiming

    public init(status: Int, headers: [HTTPHeader], body: [UInt8], bodyBytes: Int, effectiveURL: String,
                redirects: Int, timing: HTTPTiming) {
        self.status = status
        self.headers = headers
        self.body = body
        self.bodyBytes = bodyBytes
        self.effectiveURL = effectiveURL
        self.redirects = redirects
        self.timing = timing
    }

    /// The first value of header `name`, case-insensitively; nil when absent.
    public func header(_ name: String) -> String? { headers.value(of: name) }

    /// The status line and headers, as `stream`'s `onHead` saw them.
    public var head: HTTPResponseHead { HTTPResponseHead(status: status, headers: headers, url: effectiveURL) }
}
