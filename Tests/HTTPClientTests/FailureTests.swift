#if canImport(Glibc)
import Glibc
#endif
import HTTPClient
@testable import HTTPServer
import Testing

@Suite struct FailureTests {
    let client = HTTPClient()

    /// A port bound but not listening refuses connections; holding it keeps the port ours.
    private func refusingPort() throws -> (fd: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        let address = try SocketAddress(host: "127.0.0.1", port: 0)
        _ = try address.withSockAddr { pointer, length in bind(fd, pointer, length) }
        return (fd, try SocketAddress.local(of: fd).port)
    }

    @Test func connectionRefusedIsTransient() throws {
        let (fd, port) = try refusingPort()
        defer { close(fd) }
        let error = #expect(throws: HTTPClientError.self) {
            try client.send(HTTPRequest(url: "http://127.0.0.1:\(port)/x"))
        }
        #expect(error == .couldNotConnect)
        #expect(error?.isTransient == true)
    }

    /// Tokens in the query string or in headers never reach an error's description.
    @Test func errorDescriptionsCarryNoSecrets() throws {
        let (fd, port) = try refusingPort()
        defer { close(fd) }
        let error = #expect(throws: HTTPClientError.self) {
            try client.send(HTTPRequest(url: "http://127.0.0.1:\(port)/rec/download/file?access_token=SECRET-QUERY",
                                        headers: [HTTPHeader("Authorization", "Bearer SECRET-HEADER")]))
        }
        let text = try #require(error).description
        #expect(text.contains("http://127.0.0.1:\(port)/rec/download/file"))
        #expect(!text.contains("SECRET"))
        #expect(!text.contains("access_token"))
        #expect(!"\(HTTPHeader("Authorization", "Bearer SECRET-HEADER"))".contains("SECRET"))
    }

    @Test func lowSpeedAbortsAPeerThatSendsNothing() throws {
        let server = try TestServer(router: TestServer.clientRouter(counter: RequestCounter()))
        defer { server.stop() }
        let started = ContinuousClock.now
        let timeouts = HTTPTimeouts(lowSpeedBytesPerSecond: 100, lowSpeedWindow: .seconds(1))
        let error = #expect(throws: HTTPClientError.self) {
            try client.send(HTTPRequest(url: server.base + "/never", timeouts: timeouts))
        }
        #expect(error == .timedOut(.lowSpeed))
        #expect(error?.isTransient == true)
        #expect(ContinuousClock.now - started < .seconds(2.5))
    }

    @Test func totalTimeoutAbortsAPeerThatNeverAnswers() throws {
        let server = try TestServer(router: TestServer.clientRouter(counter: RequestCounter()))
        defer { server.stop() }
        let started = ContinuousClock.now
        let error = #expect(throws: HTTPClientError.self) {
            try client.send(HTTPRequest(url: server.base + "/never", timeouts: HTTPTimeouts(total: .milliseconds(200))))
        }
        #expect(error == .timedOut(.total))
        #expect(error?.isTimeout == true)
        #expect(ContinuousClock.now - started < .seconds(1))
    }
}
