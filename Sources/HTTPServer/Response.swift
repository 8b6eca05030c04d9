import HTTP1
import Logging

/// A complete response. The server adds `Date`, `Content-Length` and, when it will close,
/// `Connection: close`.
public struct Response: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// A body produced while it is written; when set, `body` is ignored.
    public var stream: BodyStream?
    /// Close the connection after sending, whatever the request asked.
    public var close: Bool

    public init(status: HTTPStatus, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [], stream: BodyStream? = nil,
                close: Bool = false) {
        self.status = status
        self.headers = headers
        self.body = body
        self.stream = stream
        self.close = close
    }

    /// A JSON response from an already encoded body.
    public static func json(_ status: HTTPStatus, _ body: [UInt8]) -> Response {
        Response(status: status, headers: HTTPHeaders([("Content-Type", "application/json")]), body: body)
    }

    /// The error body every endpoint uses: `{"error": code, "detail": sentence}`.
    /// - Parameters:
    ///   - code: a short machine-readable code; by default the reason phrase in snake_case.
    ///   - detail: what went wrong, for a person; never a secret or an echo of one.
    public static func error(_ status: HTTPStatus, code: String? = nil, detail: String,
                             headers extra: [(String, String)] = []) -> Response {
        let code = code ?? status.reason.lowercased().split(separator: " ").joined(separator: "_")
        var text = "{\"error\":"
        appendJSONString(code, to: &text)
        text += ",\"detail\":"
        appendJSONString(detail, to: &text)
        text += "}"
        var response = json(status, Array(text.utf8))
        for (name, value) in extra { response.headers.add(name: name, value: value) }
        return response
    }
}

/// What a handler returns: an answer now, on the event loop, or a promise to call its
/// `Responder` later from any thread.
public enum Reply: Sendable {
    case now(Response)
    case later
}

/// A route's handler. It runs on an event loop thread and must not block: work that waits
/// (a disk commit, another service) returns `.later` and answers through the responder.
public typealias Handler = @Sendable (Request, Responder) -> Reply
