import HTTPServer
import Logging

/// An in-process `HTTPServer` on 127.0.0.1 with a port the kernel picks, its log kept in
/// memory: what every test that needs a server starts, and stops at its end.
public final class LoopbackServer: Sendable {
    public let server: HTTPServer
    public let logs = LogSink.memory()

    /// - Parameter configure: adjusts the configuration (timeouts, limits, loops) before start.
    public init(router: Router, configure: (inout ServerConfiguration) -> Void = { _ in }) throws {
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.eventLoops = 2
        configure(&configuration)
        server = try HTTPServer(configuration: configuration, router: router, logger: Logger(level: .error, sink: logs))
        server.start()
    }

    public var port: Int { server.localAddress.port }

    /// `http://127.0.0.1:PORT`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// A new client connection.
    public func connect() throws -> TestConnection { try TestConnection(port: port) }

    /// Closes everything at once and waits for the event loops.
    public func stop() {
        server.shutdown(gracePeriod: .zero)
        server.wait()
    }
}
