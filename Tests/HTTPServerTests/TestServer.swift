import HTTP1
@testable import HTTPServer
import Logging
import TestSupport

/// An in-process server on 127.0.0.1 with a free port, stopped at the end of the test.
final class TestServer {
    let server: HTTPServer
    var port: Int { server.localAddress.port }

    init(router: Router, configure: (inout ServerConfiguration) -> Void = { _ in }) throws {
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.eventLoops = 2
        configure(&configuration)
        server = try HTTPServer(configuration: configuration, router: router, logger: Logger(level: .error, sink: .memory()))
        server.start()
    }

    func connect() throws -> TestConnection { try TestConnection(port: port) }

    func stop() {
        server.shutdown(gracePeriod: .zero)
        server.wait()
    }

    /// A router with `GET /hello` (body "hello"), `POST /echo` (echoes the body) and
    /// `GET /path/{id}` (echoes the parameter).
    static func standardRouter() -> Router {
        var router = Router()
        router.add("GET", "/hello") { _ in Response(status: .ok, body: Array("hello".utf8)) }
        router.add("POST", "/echo") { request in Response(status: .ok, body: request.body) }
        router.add("GET", "/path/{id}") { request in Response(status: .ok, body: Array((request.pathParameters["id"] ?? "").utf8)) }
        return router
    }
}

func get(_ path: String, _ extra: String = "") -> String {
    "GET \(path) HTTP/1.1\r\nHost: test\r\n\(extra)\r\n"
}
