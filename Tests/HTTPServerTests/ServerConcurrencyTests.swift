#if canImport(Glibc)
import Glibc
#endif
import Foundation
import HTTP1
import HTTPServer
import Testing
import TestSupport

@Suite struct ServerConcurrencyTests {
    /// Handlers can answer later from another thread without blocking the loop, and pipelined
    /// requests still come back in order.
    @Test func lateAnswersFromOtherThreadsKeepOrder() throws {
        var router = Router()
        router.add("GET", "/later/{n}") { request, responder in
            let n = Int(request.pathParameters["n"] ?? "") ?? 0
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(20 * (3 - n))) {
                responder.respond(Response(status: .ok, body: Array("late \(n)".utf8)))
            }
            return .later
        }
        router.add("GET", "/now") { _ in Response(status: .ok, body: Array("now".utf8)) }
        let server = try TestServer(router: router)
        defer { server.stop() }
        let client = try server.connect()
        try client.send(get("/later/1") + get("/now") + get("/later/2"))
        let texts = try (0..<3).map { _ in try #require(try client.readResponse()).text }
        #expect(texts == ["late 1", "now", "late 2"])
        // While a late answer is pending, other connections are served.
        let other = try server.connect()
        try other.send(get("/now"))
        #expect(try other.readResponse()?.text == "now")
    }

    /// A late answer for a connection that is gone is dropped, and the fd number's next owner
    /// does not receive it.
    @Test func lateAnswerForAClosedConnectionIsDropped() throws {
        let pending = PendingResponders()
        var router = Router()
        router.add("GET", "/hold") { _, responder in
            pending.add(responder)
            return .later
        }
        router.add("GET", "/now") { _ in Response(status: .ok, body: Array("fresh".utf8)) }
        let server = try TestServer(router: router) { $0.eventLoops = 1 }
        defer { server.stop() }
        do {
            let doomed = try server.connect()
            try doomed.send(get("/hold"))
            #expect(pending.waitForCount(1))
        }  // closed here; the server sees EPOLLHUP/EOF later or on write
        let fresh = try server.connect()
        try fresh.send(get("/now"))
        pending.respondAll(Response(status: .ok, body: Array("stale".utf8)))
        #expect(try fresh.readResponse()?.text == "fresh")
        try fresh.send(get("/now"))
        #expect(try fresh.readResponse()?.text == "fresh")
    }

    @Test func twoThousandConcurrentConnectionsAreAllAnswered() throws {
        let server = try TestServer(router: TestServer.standardRouter())
        defer { server.stop() }
        let clients = try (0..<2000).map { _ in try server.connect() }
        for client in clients { try client.send(get("/hello")) }
        var answered = 0
        for client in clients where try client.readResponse(timeout: .seconds(30))?.status == 200 {
            answered += 1
        }
        #expect(answered == 2000)
    }

    /// Shutdown: idle connections close at once, a request in flight is finished (with
    /// Connection: close), new connections are refused, and the loops stop.
    @Test func shutdownDrainsInFlightRequests() throws {
        let pending = PendingResponders()
        var router = Router()
        router.add("GET", "/slow") { _, responder in
            pending.add(responder)
            return .later
        }
        router.add("GET", "/hello") { _ in Response(status: .ok, body: Array("hello".utf8)) }
        let server = try TestServer(router: router)
        let idle = try server.connect()
        try idle.send(get("/hello"))
        #expect(try idle.readResponse()?.status == 200)
        let busy = try server.connect()
        try busy.send(get("/slow"))
        #expect(pending.waitForCount(1))

        server.server.shutdown(gracePeriod: .seconds(10))
        #expect(idle.waitForClose(timeout: .seconds(5)))
        pending.respondAll(Response(status: .ok, body: Array("finished".utf8)))
        let response = try #require(try busy.readResponse())
        #expect(response.text == "finished")
        #expect(response.header("Connection") == "close")
        server.server.wait()
        #expect(throws: TestConnection.Failure.self) { try server.connect() }
    }

    @Test func shutdownForceClosesAfterTheGracePeriod() throws {
        var router = Router()
        router.add("GET", "/never") { _, _ in .later }
        let server = try TestServer(router: router)
        let client = try server.connect()
        try client.send(get("/never"))
        server.server.shutdown(gracePeriod: .milliseconds(100))
        #expect(client.waitForClose(timeout: .seconds(5)))
        server.server.wait()
    }
}

/// Responders parked by a test handler, answered when the test says so.
final class PendingResponders: @unchecked Sendable {
    // Invariant for @unchecked Sendable: `responders` is only touched under `lock`.
    private let lock = NSCondition()
    private var responders: [Responder] = []

    func add(_ responder: Responder) {
        lock.lock()
        responders.append(responder)
        lock.broadcast()
        lock.unlock()
    }

    func waitForCount(_ n: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        let deadline = Date().addingTimeInterval(10)
        while responders.count < n { if !lock.wait(until: deadline) { return false } }
        return true
    }

    func respondAll(_ response: Response) {
        lock.lock()
        let all = responders
        responders = []
        lock.unlock()
        for responder in all { responder.respond(response) }
    }
}
