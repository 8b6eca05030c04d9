import Config
import HTTPClient
import Testing

@Suite struct RequestTests {
    let client = HTTPClient(userAgent: "client-tests/1")

    @Test func getSendsHeadersAndUserAgent() throws {
        let server = try TestServer(router: TestServer.clientRouter(counter: RequestCounter()))
        defer { server.stop() }
        let request = HTTPRequest(url: server.base + "/headers?x=1",
                                  headers: [HTTPHeader("X-Trace", "abc 123"), HTTPHeader("Authorization", "Bearer t0k"),
                                            HTTPHeader("X-Empty", "")])
        let response = try client.send(request)
        #expect(response.status == 200)
        #expect(response.redirects == 0)
        #expect(response.effectiveURL == server.base + "/headers?x=1")
        #expect(response.header("content-length") == "\(response.body.count)")
        #expect(response.bodyBytes == response.body.count)
        let echoed = response.body.text
        #expect(echoed.contains("x-trace: abc 123\n"))
        #expect(echoed.contains("authorization: Bearer t0k\n"))
        #expect(echoed.contains("x-empty: \n"))
        #expect(echoed.contains("user-agent: client-tests/1\n"))
        #expect(!echoed.contains("accept-encoding"))
        #expect(!echoed.contains("expect:"))
        #expect(response.timing.total > .zero)
    }

    @Test func postAndPutSendBytesAsGiven() throws {
        let server = try TestServer(router: TestServer.clientRouter(counter: RequestCounter()))
        defer { server.stop() }
        let body = Payload.bytes(count: 1_500_000, seed: 7)   // above libcurl's 1 MiB Expect threshold
        for method in ["POST", "PUT"] {
            let response = try client.send(HTTPRequest(method: method, url: server.base + "/echo",
                                                       headers: [HTTPHeader("Content-Type", "application/octet-stream")],
                                                       body: .bytes(body)))
            #expect(response.status == 200)
            #expect(response.header("X-Method") == method)
            #expect(response.header("X-Request-Content-Type") == "application/octet-stream")
            #expect(response.body == body)
        }
        // No Content-Type named: none is invented (libcurl would say form-urlencoded).
        let bare = try client.send(HTTPRequest(method: "POST", url: server.base + "/echo", body: .bytes([1, 2, 3])))
        #expect(bare.body == [1, 2, 3])
        #expect(bare.header("X-Request-Content-Type") == nil)
    }

    @Test func multipartUploadFromMemory() throws {
        let server = try TestServer(router: TestServer.clientRouter(counter: RequestCounter()))
        defer { server.stop() }
        let chunk = Payload.bytes(count: 300_000, seed: 11)
        let request = HTTPRequest(method: "POST", url: server.base + "/echo", body: .multipart([
            .field("ks", "session"),
            MultipartPart(name: "fileData", filename: "chunk.bin", contentType: "application/octet-stream", data: chunk),
        ]))
        let response = try client.send(request)
        #expect(response.status == 200)
        let type = try #require(response.header("X-Request-Content-Type"))
        #expect(type.hasPrefix("multipart/form-data; boundary="))
        let boundary = String(type.split(separator: "=", maxSplits: 1)[1])
        let raw = response.body
        #expect(raw.contains(Array("--\(boundary)\r\n".utf8)))
        #expect(raw.contains(Array("--\(boundary)--".utf8)))
        #expect(raw.contains(Array("Content-Disposition: form-data; name=\"ks\"\r\n\r\nsession\r\n".utf8)))
        #expect(raw.contains(Array("Content-Disposition: form-data; name=\"fileData\"; filename=\"chunk.bin\"".utf8)))
        #expect(raw.contains(Array("Content-Type: application/octet-stream\r\n\r\n".utf8) + chunk.prefix(64)))
        #expect(raw.contains(chunk))
    }

    @Test func bodyOverTheCapIsRefused() throws {
        let server = try TestServer(router: TestServer.clientRouter(counter: RequestCounter()))
        defer { server.stop() }
        #expect(throws: HTTPClientError.responseTooLarge) {
            try client.send(HTTPRequest(url: server.base + "/big"), maxBodyBytes: 64 * 1024)
        }
        // HEAD reads no body, so a large Content-Length is no reason to refuse it.
        let head = try client.send(HTTPRequest(method: "HEAD", url: server.base + "/big"), maxBodyBytes: 64 * 1024)
        #expect(head.status == 200)
        #expect(head.head.contentLength == Payload.big.count)
        #expect(head.body.isEmpty)
        // The handle goes back to the pool and serves the next request.
        #expect(try client.send(HTTPRequest(url: server.base + "/headers")).status == 200)
    }

    @Test func headerInjectionIsRefusedBeforeSending() throws {
        let counter = RequestCounter()
        let server = try TestServer(router: TestServer.clientRouter(counter: counter))
        defer { server.stop() }
        #expect(throws: HTTPClientError.invalidRequest("the value of header X-Bad contains CR, LF or NUL")) {
            try client.send(HTTPRequest(url: server.base + "/headers", headers: [HTTPHeader("X-Bad", "a\r\nHost: evil")]))
        }
        #expect(throws: HTTPClientError.invalidRequest("not an absolute http or https URL")) {
            try client.send(HTTPRequest(url: "ftp://127.0.0.1/x"))
        }
        #expect(counter.value == 0)
    }

    @Test func concurrentCallsShareOneClient() throws {
        let server = try TestServer(router: TestServer.clientRouter(counter: RequestCounter()))
        defer { server.stop() }
        let client = self.client
        let url = server.base + "/echo"
        let failures = RequestCounter()
        let group = ThreadGroup()
        for i in 0..<8 {
            group.run {
                for j in 0..<5 {
                    let body = Array("\(i)-\(j)".utf8)
                    let response = try? client.send(HTTPRequest(method: "POST", url: url, body: .bytes(body)))
                    if response?.body != body { failures.increment() }
                }
            }
        }
        group.wait()
        #expect(failures.value == 0)
    }
}
