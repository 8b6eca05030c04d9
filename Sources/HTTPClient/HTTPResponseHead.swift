/// The status line and header section of the final response, before its body: what a
/// streaming caller looks at to decide whether the body is worth reading (a `text/html` error
/// page instead of a recording, a length that differs from the expected file size).
public struct HTTPResponseHead: Sendable, Equatable {
    public var status: Int
    /// In the order received; HTTP/2 names arrive lowercase, so look them up with `header(_:)`.
    public var headers: [HTTPHeader]
    /// The URL that answered, after redirects.
    public var url: String

    public init(status: Int, headers: [HTTPHeader], url: String) {
        self.status = status
        self.headers = headers
        self.url = url
    }

    /// The first value of header `name`, case-insensitively; nil when absent.
    public func header(_ name: String) -> String? { headers.value(of: name) }

    /// `Content-Length`, when present and a number.
    public var contentLength: Int? { header("Content-Length").flatMap { Int($0) } }
}
