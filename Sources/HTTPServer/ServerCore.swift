import Logging
import Synchronization

/// What every event loop of one server shares: configuration, routes, the listening socket and
/// the connection count. Immutable but for the atomics.
final class ServerCore: Sendable {
    let configuration: ServerConfiguration
    let router: Router
    let logger: Logger
    let listenerFD: Int32
    /// Open connections across all loops, for the connection cap.
    let openConnections = Atomic<Int>(0)
    /// Loops still watching the listener; the last one to stop closes it.
    let loopsAccepting: Atomic<Int>

    init(configuration: ServerConfiguration, router: Router, logger: Logger, listenerFD: Int32, loops: Int) {
        self.configuration = configuration
        self.router = router
        self.logger = logger
        self.listenerFD = listenerFD
        self.loopsAccepting = Atomic(loops)
    }

    /// Sent to a connection over the cap, then the socket is closed: a clean refusal that a
    /// load balancer or client can retry, instead of a silent reset.
    static let refusal: [UInt8] = {
        let body = #"{"error":"service_unavailable","detail":"too many open connections; retry shortly"}"#
        return Array(("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(body.utf8.count)\r\nRetry-After: 1\r\nConnection: close\r\n\r\n" + body).utf8)
    }()
}
