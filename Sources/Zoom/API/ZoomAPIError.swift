import HTTPClient

/// Why a Zoom REST call failed: transient (429, 5xx, network) or not (bad credentials, a
/// recording that does not exist), with Zoom's own code and message when it sent them.
public struct ZoomAPIError: Error, Sendable, Equatable, CustomStringConvertible {
    public let status: Int?
    public let isTransient: Bool
    public let isCredentialProblem: Bool
    public let retryAfter: Duration?
    public let detail: String

    public init(status: Int?, transient: Bool, credentials: Bool = false, retryAfter: Duration? = nil, detail: String) {
        self.status = status
        self.isTransient = transient
        self.isCredentialProblem = credentials
        self.retryAfter = retryAfter
        self.detail = detail
    }

    static func transport(_ error: HTTPClientError) -> ZoomAPIError {
        ZoomAPIError(status: nil, transient: error.isTransient, detail: "\(error)")
    }

    /// From a non-2xx answer.
    static func answer(_ response: HTTPResponse, what: String) -> ZoomAPIError {
        let retryAfter = response.header("Retry-After").flatMap { Int($0) }.map { Duration.seconds($0) }
        let message = String(decoding: response.body.prefix(300), as: UTF8.self)
        return ZoomAPIError(status: response.status, transient: response.status == 429 || response.status >= 500,
                            credentials: response.status == 401, retryAfter: retryAfter,
                            detail: "\(what): HTTP \(response.status) \(message)")
    }

    public var description: String { detail }
}
