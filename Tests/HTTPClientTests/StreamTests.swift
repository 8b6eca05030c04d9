import Crypto
import HTTPClient
import Testing

@Suite struct StreamTests {
    let client = HTTPClient()

    /// 5 MiB arrive through `onData` byte-exact, in order, after one `onHead`.
    @Test func streamsALargeBodyByteExact() throws {
        let server = try TestServer(router: TestServer.clientRouter(counter: RequestCounter()))
        defer { server.stop() }
        var heads: [HTTPResponseHead] = []
        var received: [UInt8] = []
        received.reserveCapacity(Payload.big.count)
        var pieces = 0
        let response = try client.stream(HTTPRequest(url: server.base + "/big"),
                                         onHead: { head in heads.append(head); return true },
                                         onData: { bytes in
                                             pieces += 1
                                             received.append(contentsOf: bytes)
                                             return true
                                         })
        #expect(heads.count == 1)
        #expect(heads.first?.status == 200)
        #expect(heads.first?.contentLength == Payload.big.count)
        #expect(response.body.isEmpty)
        #expect(response.bodyBytes == Payload.big.count)
        #expect(pieces > 1)
        #expect(Digest.hex(Digest.sha256(received)) == Digest.hex(Digest.sha256(Payload.big)))
    }

    @Test func onHeadRefusingHTMLAbortsBeforeTheBody() throws {
        let server = try TestServer(router: TestServer.clientRouter(counter: RequestCounter()))
        defer { server.stop() }
        var dataCalls = 0
        #expect(throws: HTTPClientError.abortedByCallback) {
            try client.stream(HTTPRequest(url: server.base + "/html"),
                              onHead: { head in !(head.header("content-type") ?? "").hasPrefix("text/html") },
                              onData: { _ in dataCalls += 1; return true })
        }
        #expect(dataCalls == 0)
    }

    @Test func onDataReturningFalseAborts() throws {
        let server = try TestServer(router: TestServer.clientRouter(counter: RequestCounter()))
        defer { server.stop() }
        var received = 0
        let error = #expect(throws: HTTPClientError.self) {
            try client.stream(HTTPRequest(url: server.base + "/big"), onHead: { _ in true },
                              onData: { bytes in received += bytes.count; return received < 100_000 })
        }
        #expect(error == .abortedByCallback)
        #expect(error?.isTransient == false)
        #expect(received < Payload.big.count)
    }

    /// Cancelling from another thread stops a transfer whose peer never answers.
    @Test func cancellationStopsAStalledTransfer() throws {
        let server = try TestServer(router: TestServer.clientRouter(counter: RequestCounter()))
        defer { server.stop() }
        let cancellation = HTTPCancellation()
        ThreadGroup.after(.milliseconds(100)) { cancellation.cancel() }
        let started = ContinuousClock.now
        #expect(throws: HTTPClientError.cancelled) {
            try client.stream(HTTPRequest(url: server.base + "/never", cancellation: cancellation),
                              onHead: { _ in true }, onData: { _ in true })
        }
        #expect(ContinuousClock.now - started < .seconds(2))
    }
}
