import HTTP1
import HTTPServer
import Testing
import TestSupport

@Suite struct ServerLimitsTests {
    @Test func bodyOverTheLimitIs413BeforeTheBodyIsSent() throws {
        let server = try TestServer(router: TestServer.standardRouter())
        defer { server.stop() }
        let client = try server.connect()
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: \(2 << 20)\r\n\r\n")
        let response = try #require(try client.readResponse())
        #expect(response.status == 413)
        #expect(response.header("Connection") == "close")
        #expect(response.text.contains("\"error\":\"content_too_large\""))
    }

    @Test func chunkedBodyOverTheLimitIs413() throws {
        let server = try TestServer(router: TestServer.standardRouter())
        defer { server.stop() }
        let client = try server.connect()
        let chunk = String(repeating: "x", count: 64 * 1024)
        var request = "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
        for _ in 0..<32 { request += "10000\r\n\(chunk)\r\n" }  // 2 MiB in 64 KiB chunks
        request += "0\r\n\r\n"
        try client.send(request)
        let response = try #require(try client.readResponse())
        #expect(response.status == 413)
        #expect(client.waitForClose())
    }

    @Test func routeBodyLimitApplies() throws {
        var router = Router()
        router.add("POST", "/small", bodyLimit: 10) { request in Response(status: .ok, body: request.body) }
        let server = try TestServer(router: router)
        defer { server.stop() }
        let client = try server.connect()
        try client.send("POST /small HTTP/1.1\r\nHost: t\r\nContent-Length: 11\r\n\r\n0123456789A")
        #expect(try client.readResponse()?.status == 413)
    }

    @Test func malformedBodyIs400EvenOnARouteThatIgnoresBodies() throws {
        let server = try TestServer(router: TestServer.standardRouter())
        defer { server.stop() }
        let client = try server.connect()
        try client.send("GET /hello HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
        let response = try #require(try client.readResponse())
        #expect(response.status == 400)
        #expect(response.header("Connection") == "close")
        #expect(client.waitForClose())
    }

    @Test func badRequestIsAnsweredThenTheConnectionCloses() throws {
        let server = try TestServer(router: TestServer.standardRouter())
        defer { server.stop() }
        let client = try server.connect()
        // A smuggling attempt: the second request must never be served.
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + get("/hello"))
        let response = try #require(try client.readResponse())
        #expect(response.status == 400)
        #expect(client.waitForClose())
        #expect(try client.readResponse() == nil)
    }

    @Test func errorStatusesFollowTheParser() throws {
        let server = try TestServer(router: TestServer.standardRouter())
        defer { server.stop() }
        let cases: [(String, Int)] = [
            ("GET / HTTP/2.0\r\nHost: t\r\n\r\n", 505),
            ("GET /\(String(repeating: "a", count: 9000)) HTTP/1.1\r\nHost: t\r\n\r\n", 414),
            ("GET / HTTP/1.1\r\nHost: t\r\nX: \(String(repeating: "a", count: 17000))\r\n\r\n", 431),
            ("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501),
            ("GET / HTTP/1.1\r\nHost : t\r\n\r\n", 400),
        ]
        for (request, status) in cases {
            let client = try server.connect()
            try client.send(request)
            #expect(try client.readResponse()?.status == status, "\(request.prefix(40))")
        }
    }

    @Test func connectionsOverTheCapGetA503() throws {
        let server = try TestServer(router: TestServer.standardRouter()) { $0.maxConnections = 2 }
        defer { server.stop() }
        let first = try server.connect()
        let second = try server.connect()
        try first.send(get("/hello"))
        try second.send(get("/hello"))
        #expect(try first.readResponse()?.status == 200)
        #expect(try second.readResponse()?.status == 200)
        let third = try server.connect()
        let refusal = try #require(try third.readResponse())
        #expect(refusal.status == 503)
        #expect(refusal.header("Retry-After") == "1")
        #expect(third.waitForClose())
    }
}
