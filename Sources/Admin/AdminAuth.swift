import Config
import Crypto
import HTTP1
import HTTPServer

/// Bearer-token check for the admin endpoints, in constant time.
public struct AdminAuth: Sendable {
    private let token: Secret?

    /// - Parameter token: the configured `ADMIN_TOKEN`; nil refuses every request.
    public init(token: Secret?) { self.token = token }

    /// nil when the request carries the admin token; otherwise the 401 to send.
    public func reject(_ request: Request) -> Response? {
        let challenge = [("WWW-Authenticate", "Bearer realm=\"zoom2kaltura\"")]
        guard let token else {
            return .error(.unauthorized, detail: "no ADMIN_TOKEN is configured on the server", headers: challenge)
        }
        guard let header = request.headers["Authorization"] else {
            return .error(.unauthorized, detail: "send the admin token as 'Authorization: Bearer <token>'", headers: challenge)
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, equalsCaseInsensitive(String(parts[0]), "Bearer"),
              ConstantTime.equals(Array(parts[1].utf8), Array(token.reveal().utf8)) else {
            return .error(.unauthorized, detail: "the admin token is not valid", headers: challenge)
        }
        return nil
    }

    /// Wraps a handler so that it runs only for requests with the admin token.
    public func protect(_ handler: @escaping Handler) -> Handler {
        { request, responder in
            if let refusal = reject(request) { return .now(refusal) }
            return handler(request, responder)
        }
    }
}
