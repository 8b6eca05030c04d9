import HTTP1
import HTTPServer
import TestSupport

/// The shared loopback server of the test support library, with this suite's routes.
typealias TestServer = LoopbackServer

extension LoopbackServer {
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
