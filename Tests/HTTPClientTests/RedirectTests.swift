import Config
import HTTPClient
import Testing

@Suite struct RedirectTests {
    let client = HTTPClient()

    private func rules(_ servers: TestServer...) -> [HostRule] {
        servers.compactMap { HostRule(parsing: $0.base) }
    }

    @Test func relativeRedirectsAreFollowedWithinTheLimit() throws {
        let server = try TestServer(router: TestServer.clientRouter(counter: RequestCounter()))
        defer { server.stop() }
        let response = try client.send(HTTPRequest(url: server.base + "/hop/3"),
                                       redirects: .follow(max: 5, allowed: rules(server)))
        #expect(response.status == 200)
        #expect(response.body.text == "arrived")
        #expect(response.redirects == 3)
        #expect(response.effectiveURL == server.base + "/hop/0")
    }

    /// Credentials follow a redirect that stays on the request's origin.
    @Test func sameOriginRedirectKeepsCredentials() throws {
        let server = try TestServer(router: TestServer.clientRouter(counter: RequestCounter()))
        defer { server.stop() }
        let response = try client.send(HTTPRequest(url: server.base + "/to-headers",
                                                   headers: [HTTPHeader("Authorization", "Bearer same")]),
                                       redirects: .follow(allowed: rules(server)))
        #expect(response.redirects == 1)
        #expect(response.body.text.contains("authorization: Bearer same\n"))
    }

    @Test func withoutAPolicyTheRedirectIsTheResponse() throws {
        let server = try TestServer(router: TestServer.clientRouter(counter: RequestCounter()))
        defer { server.stop() }
        let response = try client.send(HTTPRequest(url: server.base + "/hop/1"))
        #expect(response.status == 302)
        #expect(response.header("location") == "/hop/0")
        #expect(response.redirects == 0)
    }

    @Test func tooManyRedirects() throws {
        let counter = RequestCounter()
        let server = try TestServer(router: TestServer.clientRouter(counter: counter))
        defer { server.stop() }
        #expect(throws: HTTPClientError.tooManyRedirects) {
            try client.send(HTTPRequest(url: server.base + "/hop/9"), redirects: .follow(max: 2, allowed: rules(server)))
        }
        #expect(counter.value == 3)
    }

    /// A hop to another allowed origin is followed; credentials stay behind.
    @Test func redirectToAnAllowedHostDropsCredentials() throws {
        let targetCounter = RequestCounter()
        let target = try TestServer(router: TestServer.clientRouter(counter: targetCounter))
        defer { target.stop() }
        let source = try TestServer(router: TestServer.clientRouter(counter: RequestCounter(),
                                                                    redirectTarget: target.base + "/headers"))
        defer { source.stop() }
        var heads: [HTTPResponseHead] = []
        var body: [UInt8] = []
        let response = try client.stream(
            HTTPRequest(url: source.base + "/away?token=abc",
                        headers: [HTTPHeader("Authorization", "Bearer secret"), HTTPHeader("X-Keep", "1")]),
            redirects: .follow(allowed: rules(source, target)),
            onHead: { heads.append($0); return true }, onData: { body.append(contentsOf: $0); return true })
        #expect(response.redirects == 1)
        #expect(heads.map(\.status) == [200])        // the 302 is not shown to onHead
        #expect(heads.first?.url == target.base + "/headers")
        #expect(targetCounter.value == 1)
        #expect(body.text.contains("x-keep: 1\n"))
        #expect(!body.text.contains("authorization"))
    }

    /// A hop no rule allows is refused before anything connects to it.
    @Test func redirectToADisallowedHostIsRefusedUnsent() throws {
        let targetCounter = RequestCounter()
        let target = try TestServer(router: TestServer.clientRouter(counter: targetCounter))
        defer { target.stop() }
        let source = try TestServer(router: TestServer.clientRouter(counter: RequestCounter(),
                                                                    redirectTarget: target.base + "/headers"))
        defer { source.stop() }
        let error = #expect(throws: HTTPClientError.self) {
            try client.send(HTTPRequest(url: source.base + "/away"), redirects: .follow(allowed: rules(source)))
        }
        #expect(error == .redirectNotAllowed(host: "127.0.0.1"))
        #expect(error?.isTransient == false)
        #expect(targetCounter.value == 0)
        // https-only by default: a bare host rule does not allow plain http.
        let bare = try #require(HostRule(parsing: "127.0.0.1"))
        #expect(throws: HTTPClientError.redirectNotAllowed(host: "127.0.0.1")) {
            try client.send(HTTPRequest(url: source.base + "/hop/1"), redirects: .follow(allowed: [bare]))
        }
        #expect(RedirectPolicy.permits(source.base + "/x", rules: rules(source)))
        #expect(!RedirectPolicy.permits(source.base + "/x", rules: [bare]))
    }

    @Test func seeOtherTurnsPostIntoGetAndTemporaryKeepsIt() throws {
        let server = try TestServer(router: TestServer.clientRouter(counter: RequestCounter()))
        defer { server.stop() }
        let policy = RedirectPolicy.follow(allowed: rules(server))
        let seeOther = try client.send(HTTPRequest(method: "POST", url: server.base + "/see-other",
                                                   headers: [HTTPHeader("Content-Type", "text/plain")],
                                                   body: .bytes(Array("payload".utf8))), redirects: policy)
        #expect(seeOther.body.text == "GET 0")
        let temporary = try client.send(HTTPRequest(method: "POST", url: server.base + "/temporary",
                                                    body: .bytes(Array("payload".utf8))), redirects: policy)
        #expect(temporary.header("X-Method") == "POST")
        #expect(temporary.body.text == "payload")
    }
}
