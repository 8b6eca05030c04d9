import HTTP1
@testable import HTTPServer
import Logging
import Synchronization
import TestSupport

/// An in-process server on 127.0.0.1 with a free port, stopped at the end of the test
/// (the pattern of HTTPServerTests/TestServer.swift), with the routes
/// the client tests use.
final class TestServer: Sendable {
    let loopback: LoopbackServer
    var server: HTTPServer { loopback.server }
    var port: Int { loopback.port }
    var base: String { loopback.baseURL }

    init(router: Router) throws {
        loopback = try LoopbackServer(router: router) { configuration in
            configuration.eventLoops = 1
            configuration.limits.maxBodyBytes = 4 << 20
        }
    }

    func stop() { loopback.stop() }

    /// The routes the client tests use. `redirectTarget` is where `GET /away` points.
    static func clientRouter(counter: RequestCounter, redirectTarget: String = "http://127.0.0.1:1/target") -> Router {
        var router = Router()
        func add(_ method: String, _ pattern: String, _ respond: @escaping @Sendable (Request) -> Response) {
            router.add(method, pattern) { request, _ in
                counter.increment()
                return .now(respond(request))
            }
        }
        add("GET", "/headers") { request in
            let lines = request.headers.map { "\($0.name.lowercased()): \($0.value)\n" }.joined()
            return Response(status: .ok, body: Array(lines.utf8))
        }
        for method in ["POST", "PUT"] {
            add(method, "/echo") { request in
                var headers = HTTPHeaders([("X-Method", request.method)])
                if let type = request.headers["Content-Type"] { headers.add(name: "X-Request-Content-Type", value: type) }
                return Response(status: .ok, headers: headers, body: request.body)
            }
        }
        add("GET", "/method") { request in Response(status: .ok, body: Array("\(request.method) \(request.body.count)".utf8)) }
        add("GET", "/big") { _ in Response(status: .ok, headers: HTTPHeaders([("Content-Type", "video/mp4")]), body: Payload.big) }
        add("GET", "/html") { _ in
            Response(status: .ok, headers: HTTPHeaders([("Content-Type", "text/html; charset=utf-8")]), body: Array("<html>".utf8))
        }
        add("GET", "/hop/{n}") { request in
            let n = Int(request.pathParameters["n"] ?? "") ?? 0
            if n == 0 { return Response(status: .ok, body: Array("arrived".utf8)) }
            return Response(status: HTTPStatus(302), headers: HTTPHeaders([("Location", "/hop/\(n - 1)")]))
        }
        add("GET", "/to-headers") { _ in Response(status: HTTPStatus(302), headers: HTTPHeaders([("Location", "/headers")])) }
        add("GET", "/away") { _ in Response(status: HTTPStatus(302), headers: HTTPHeaders([("Location", redirectTarget)])) }
        add("POST", "/see-other") { _ in Response(status: HTTPStatus(303), headers: HTTPHeaders([("Location", "/method")])) }
        add("POST", "/temporary") { _ in Response(status: HTTPStatus(307), headers: HTTPHeaders([("Location", "echo")])) }
        router.add("GET", "/never") { _, _ in
            counter.increment()
            return .later
        }
        return router
    }
}

/// Requests a server received, readable from the test thread.
final class RequestCounter: Sendable {
    private let count = Atomic<Int>(0)
    func increment() { count.add(1, ordering: .relaxed) }
    var value: Int { count.load(ordering: .relaxed) }
}

/// Deterministic test bodies.
enum Payload {
    /// 5 MiB + 123 bytes of xorshift noise: not a multiple of any buffer size.
    static let big: [UInt8] = bytes(count: 5 << 20 + 123, seed: 0x9E37_79B9_7F4A_7C15)

    static func bytes(count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            for i in 0..<count {
                state ^= state << 13
                state ^= state >> 7
                state ^= state << 17
                buffer[i] = UInt8(truncatingIfNeeded: state >> 24)
            }
            initialized = count
        }
    }
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs in the array.
    func contains(_ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= count else { return needle.isEmpty }
        for start in 0...(count - needle.count) where self[start] == needle[0] {
            if self[start..<start + needle.count].elementsEqual(needle) { return true }
        }
        return false
    }

    var text: String { String(decoding: self, as: UTF8.self) }
}
