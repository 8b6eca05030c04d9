#if canImport(Glibc)
import Glibc
#endif
import HTTP1
import HTTPServer
import Testing
import TestSupport

@Suite struct ServerTimeoutTests {
    /// A client that trickles its header a byte at a time is cut off by the header timeout,
    /// which trickling does not extend.
    @Test func slowlorisIsCutOffByTheHeaderTimeout() throws {
        let server = try TestServer(router: TestServer.standardRouter()) { $0.headerTimeout = .milliseconds(300) }
        defer { server.stop() }
        let client = try server.connect()
        let start = ContinuousClock.now
        let trickle = Array("GET /hello HTTP/1.1\r\nHost: t\r\nX-Slow: ".utf8)
        var sent = 0
        // At most 40 bytes, 50 ms apart (2 s): the server must cut in long before that.
        while sent < 40, !client.hasInput {
            try? client.send([trickle[sent % trickle.count]])
            sent += 1
            usleep(50_000)
        }
        let response = try client.readResponse(timeout: .seconds(5))
        #expect(response?.status == 408)
        #expect(client.waitForClose())
        let elapsed = ContinuousClock.now - start
        #expect(elapsed >= .milliseconds(300))
        #expect(elapsed < .seconds(2))
    }

    @Test func idleKeepAliveConnectionIsClosed() throws {
        let server = try TestServer(router: TestServer.standardRouter()) { $0.idleTimeout = .milliseconds(200) }
        defer { server.stop() }
        let client = try server.connect()
        try client.send(get("/hello"))
        #expect(try client.readResponse()?.status == 200)
        #expect(client.waitForClose(timeout: .seconds(5)))
    }

    @Test func slowBodyGets408() throws {
        let server = try TestServer(router: TestServer.standardRouter()) { $0.bodyTimeout = .milliseconds(200) }
        defer { server.stop() }
        let client = try server.connect()
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc")
        #expect(try client.readResponse(timeout: .seconds(5))?.status == 408)
    }

    @Test func handlerThatNeverAnswersGets503() throws {
        var router = Router()
        router.add("GET", "/never") { _, _ in .later }
        let server = try TestServer(router: router) { $0.handlerTimeout = .milliseconds(200) }
        defer { server.stop() }
        let client = try server.connect()
        try client.send(get("/never"))
        let response = try client.readResponse(timeout: .seconds(5))
        #expect(response?.status == 503)
        #expect(response?.header("Retry-After") == "5")
    }
}

extension TestConnection {
    /// Whether the server has sent something (a response, or EOF) that is waiting to be read.
    var hasInput: Bool {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&p, 1, 0) == 1
    }
}
