/// What to send. A value, so a caller can build it once and retry it, and hand it between
/// threads.
public struct HTTPRequest: Sendable {
    /// The request body, always from memory (streaming uploads are chunked by the caller).
    public enum Body: Sendable {
        case empty
        /// Sent as is, with `Content-Length`. Name a `Content-Type` in `headers`: none is added.
        case bytes([UInt8])
        /// `multipart/form-data`; libcurl writes the boundary and `Content-Type`.
        case multipart([MultipartPart])
    }

    /// `GET`, `POST`, `PUT`, `HEAD`, `DELETE`, …
    public var method: String
    /// An absolute `http` or `https` URL.
    public var url: String
    /// Sent in order. An empty value sends the field empty. `Authorization` and `Cookie` are
    /// sent only to the origin (scheme, host, port) of `url`, never to a redirect elsewhere.
    public var headers: [HTTPHeader]
    public var body: Body
    public var timeouts: HTTPTimeouts
    /// Set from another thread to stop the transfer; nil for none.
    public var cancellation: HTTPCancellation?

    public init(method: String = "GET", url: String, headers: [HTTPHeader] = [], body: Body = .empty,
                timeouts: HTTPTimeouts = HTTPTimeouts(), cancellation: HTTPCancellation? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeouts = timeouts
        self.cancellation = cancellation
    }
}
