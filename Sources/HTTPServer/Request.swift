import HTTP1

/// A complete request as handlers see it: head, whole body, and the route's path parameters.
public struct Request: Sendable {
    public let head: RequestHead
    public let body: [UInt8]
    /// Values of `{name}` segments of the matched route pattern, percent-decoding not applied.
    public let pathParameters: [String: String]

    public init(head: RequestHead, body: [UInt8] = [], pathParameters: [String: String] = [:]) {
        self.head = head
        self.body = body
        self.pathParameters = pathParameters
    }

    public var method: String { head.method }
    public var path: Substring { head.path }
    public var headers: HTTPHeaders { head.headers }
}
