import HTTP1
import HTTPServer
import Testing
import TestSupport

@Suite struct StreamedBodyTests {
    /// Byte `i` of a deterministic body.
    static func byte(_ i: Int) -> UInt8 { UInt8(truncatingIfNeeded: i &* 31 &+ i >> 8) }

    static func router() -> Router {
        var router = Router()
        router.add("GET", "/big") { _ in
            Response(status: .ok, stream: BodyStream(length: 5 << 20) { range in range.map(Self.byte) })
        }
        router.add("GET", "/cut") { _ in
            // Claims 1 MiB, stops after 300,000 bytes: the client must see a short body.
            Response(status: .ok, stream: BodyStream(length: 1 << 20) { range in
                range.upperBound <= 300_000 ? range.map(Self.byte) : Array(range.prefix(max(0, 300_000 - range.lowerBound))).map(Self.byte)
            })
        }
        return router
    }

    @Test func aLargeStreamedBodyArrivesWholeAndTheConnectionStaysUsable() throws {
        let server = try TestServer(router: Self.router())
        defer { server.stop() }
        let client = try server.connect()
        try client.send(get("/big") + "HEAD /big HTTP/1.1\r\nHost: t\r\n\r\n")
        let response = try #require(try client.readResponse(timeout: .seconds(20)))
        #expect(response.contentLength == 5 << 20)
        #expect(response.body.count == 5 << 20)
        #expect(response.body.enumerated().allSatisfy { $0.element == Self.byte($0.offset) })
        let head = try #require(try client.readResponse(headOnly: true))
        #expect(head.contentLength == 5 << 20 && head.body.isEmpty)
    }

    @Test func aStreamCutShortClosesTheConnectionAfterWhatWasProduced() throws {
        let server = try TestServer(router: Self.router())
        defer { server.stop() }
        let client = try server.connect()
        try client.send(get("/cut"))
        #expect(throws: TestConnection.Failure.self) { try client.readResponse(timeout: .seconds(10)) }
        #expect(client.waitForClose())
    }
}
