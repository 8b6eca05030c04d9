import HTTP1
import HTTPServer
import Testing
import TestSupport

@Suite struct ServerBasicsTests {
    @Test func keepAliveServesSeveralRequestsOnOneConnection() throws {
        let server = try TestServer(router: TestServer.standardRouter())
        defer { server.stop() }
        let client = try server.connect()
        for _ in 0..<3 {
            try client.send(get("/hello"))
            let response = try #require(try client.readResponse())
            #expect(response.status == 200)
            #expect(response.text == "hello")
            #expect(response.header("Connection") == nil)
            #expect(response.header("Date")?.hasSuffix(" GMT") == true)
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        let server = try TestServer(router: TestServer.standardRouter())
        defer { server.stop() }
        let client = try server.connect()
        let body = "pipelined body"
        try client.send(get("/path/1") + "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
                        + get("/path/3") + get("/path/4"))
        let texts = try (0..<4).map { _ in try #require(try client.readResponse()).text }
        #expect(texts == ["1", body, "3", "4"])
    }

    @Test func connectionCloseIsHonoured() throws {
        let server = try TestServer(router: TestServer.standardRouter())
        defer { server.stop() }
        let client = try server.connect()
        try client.send(get("/hello", "Connection: close\r\n"))
        let response = try #require(try client.readResponse())
        #expect(response.status == 200)
        #expect(response.header("Connection") == "close")
        #expect(client.waitForClose())
    }

    @Test func http10ClosesUnlessKeepAliveIsAsked() throws {
        let server = try TestServer(router: TestServer.standardRouter())
        defer { server.stop() }
        let plain = try server.connect()
        try plain.send("GET /hello HTTP/1.0\r\n\r\n")
        #expect(try plain.readResponse()?.status == 200)
        #expect(plain.waitForClose())

        let kept = try server.connect()
        try kept.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(try kept.readResponse()?.header("Connection") == nil)
        try kept.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(try kept.readResponse()?.status == 200)
    }

    @Test func unknownPathIs404AndWrongMethodIs405WithAllow() throws {
        let server = try TestServer(router: TestServer.standardRouter())
        defer { server.stop() }
        let client = try server.connect()
        try client.send(get("/nothing"))
        let missing = try #require(try client.readResponse())
        #expect(missing.status == 404)
        #expect(missing.header("Content-Type") == "application/json")
        #expect(missing.text.contains("\"error\":\"not_found\""))

        try client.send("DELETE /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        let wrong = try #require(try client.readResponse())
        #expect(wrong.status == 405)
        #expect(wrong.header("Allow") == "GET, HEAD")
    }

    @Test func headGetsHeadersWithoutBody() throws {
        let server = try TestServer(router: TestServer.standardRouter())
        defer { server.stop() }
        let client = try server.connect()
        try client.send("HEAD /hello HTTP/1.1\r\nHost: t\r\n\r\n" + get("/hello"))
        let head = try #require(try client.readResponse(headOnly: true))
        #expect(head.status == 200)
        #expect(head.contentLength == 5)
        #expect(head.body.isEmpty)
        #expect(try client.readResponse()?.text == "hello")  // the next response starts right after
    }

    @Test func expectContinueGetsAnInterimResponse() throws {
        let server = try TestServer(router: TestServer.standardRouter())
        defer { server.stop() }
        let client = try server.connect()
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
        #expect(try client.readResponse()?.status == 100)
        try client.send("ping")
        #expect(try client.readResponse()?.text == "ping")
    }

    @Test func pathParametersReachTheHandler() throws {
        let server = try TestServer(router: TestServer.standardRouter())
        defer { server.stop() }
        let client = try server.connect()
        try client.send(get("/path/abc?x=1"))
        #expect(try client.readResponse()?.text == "abc")
    }
}
