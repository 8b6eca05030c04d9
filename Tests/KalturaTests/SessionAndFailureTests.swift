import HTTP1
import HTTPClient
import HTTPServer
@testable import Kaltura
import Testing

/// Session renewal, HTTP-level failures and the user lookups.
@Suite struct SessionAndFailureTests {
    static let expired = #"{"code":"INVALID_KS","message":"Invalid KS \"EXPIRED\", Error \"-1,INVALID_STR\"","objectType":"KalturaAPIException","args":{"KSID":"EXPIRED","ERR_CODE":"-1","ERR_DESC":"INVALID_STR"}}"#

    @Test func anExpiredKSIsRenewedAndTheCallRetriedOnce() throws {
        let fake = try FakeKaltura { request, n in
            switch (request.service, request.action) {
            case ("session", "start"): return .session(n)
            case ("media", "get"): return .kaltura(n == 0 ? Self.expired : FakeKaltura.mediaJSON)
            default: return .kaltura("null")
            }
        }
        defer { fake.stop() }
        let client = KalturaClient(credentials: FakeKaltura.credentials(fake.base), http: HTTPClient())
        #expect(try client.getMedia(id: "0_abc123").id == "0_abc123")
        #expect(fake.requests.map { "\($0.service).\($0.action)" } == ["session.start", "media.get", "session.start", "media.get"])
        let gets = fake.requests("media", "get")
        #expect(gets.map { $0.json?["ks"] } == [.string(FakeKaltura.ks(0)), .string(FakeKaltura.ks(1))])
    }

    @Test func aSecondExpiredAnswerIsNotRetriedAgain() throws {
        let fake = try FakeKaltura { request, n in
            request.service == "session" ? .session(n)
                : .kaltura(#"{"code":"INVALID_KS","message":"expired","objectType":"KalturaAPIException","args":{"KSID":"x","ERR_CODE":"-5","ERR_DESC":"EXPIRED"}}"#)
        }
        defer { fake.stop() }
        let client = KalturaClient(credentials: FakeKaltura.credentials(fake.base), http: HTTPClient())
        #expect {
            try client.deleteMedia(id: "0_abc123")
        } throws: { error in
            (error as? KalturaError)?.isExpiredSession == true && (error as? KalturaError)?.isTransient == true
        }
        #expect(fake.requests("media", "delete").count == 2)
        #expect(fake.requests("session", "start").count == 2)
    }

    @Test func anUploadAlsoRenewsItsSession() throws {
        let fake = try FakeKaltura { request, n in
            switch (request.service, request.action) {
            case ("session", "start"): return .session(n)
            case ("uploadToken", "upload"): return .kaltura(n == 0 ? Self.expired : FakeKaltura.uploadTokenJSON(status: 2))
            default: return .kaltura("null")
            }
        }
        defer { fake.stop() }
        let client = KalturaClient(credentials: FakeKaltura.credentials(fake.base), http: HTTPClient())
        let token = try client.upload(tokenID: "0_tok1", chunk: [1, 2, 3], resume: false, finalChunk: true, resumeAt: -1)
        #expect(token.status == .fullUpload)
        #expect(fake.requests("uploadToken", "upload").map { $0.part("ks")?.text } == [FakeKaltura.ks(0), FakeKaltura.ks(1)])
    }

    @Test func theSessionIsRenewedBeforeItExpires() throws {
        let fake = try FakeKaltura { request, n in
            request.service == "session" ? .session(n) : .kaltura(FakeKaltura.mediaJSON)
        }
        defer { fake.stop() }
        let clock = ManualClock(1_000_000)
        let client = KalturaClient(credentials: FakeKaltura.credentials(fake.base), http: HTTPClient(), clock: clock.read)
        _ = try client.getMedia(id: "a")
        clock.advance(86_400 - 3_601)   // more than an hour left: keep it
        _ = try client.getMedia(id: "b")
        #expect(fake.requests("session", "start").count == 1)
        clock.advance(2)                // under an hour left: renew first
        _ = try client.getMedia(id: "c")
        #expect(fake.requests("session", "start").count == 2)
        #expect(fake.requests("media", "get").map { $0.json?["ks"] }
                == [.string(FakeKaltura.ks(0)), .string(FakeKaltura.ks(0)), .string(FakeKaltura.ks(1))])
    }

    @Test func badCredentialsSurfaceAsACredentialProblem() throws {
        let fake = try FakeKaltura { _, _ in
            .kaltura(#"{"code":"START_SESSION_ERROR","message":"Error while starting session for partner [4242]","objectType":"KalturaAPIException","args":{"PID":"4242"}}"#)
        }
        defer { fake.stop() }
        let client = KalturaClient(credentials: FakeKaltura.credentials(fake.base), http: HTTPClient())
        do {
            _ = try client.getUser(id: "alice")
            Issue.record("expected START_SESSION_ERROR")
        } catch {
            #expect(error.isCredentialProblem && !error.isTransient)
            #expect(!error.description.contains(FakeKaltura.secret))
        }
        #expect(fake.requests.map(\.action) == ["start"])
    }

    @Test func http503CarriesRetryAfter() throws {
        let fake = try FakeKaltura { _, _ in
            Response(status: HTTPStatus(503), headers: HTTPHeaders([("Retry-After", "7")]), body: Array("busy".utf8))
        }
        defer { fake.stop() }
        let client = KalturaClient(credentials: FakeKaltura.credentials(fake.base), http: HTTPClient())
        do {
            _ = try client.startSession()
            Issue.record("expected HTTP 503")
        } catch {
            #expect(error.kind == .http(status: 503, retryAfter: .seconds(7)))
            #expect(error.isTransient)
            #expect(error.retryAfter == .seconds(7))
        }
    }

    @Test func aClosedPortIsATransientTransportError() {
        let client = KalturaClient(credentials: FakeKaltura.credentials("http://127.0.0.1:1"), http: HTTPClient())
        do {
            _ = try client.startSession()
            Issue.record("expected a transport error")
        } catch {
            #expect(error.kind == .transport(.couldNotConnect))
            #expect(error.isTransient)
        }
    }

    @Test func aBodyThatIsNotJSONIsAnInvalidResponse() throws {
        let fake = try FakeKaltura { request, n in
            request.service == "session" ? .session(n) : .kaltura("<xml><result>x</result></xml>")
        }
        defer { fake.stop() }
        let client = KalturaClient(credentials: FakeKaltura.credentials(fake.base), http: HTTPClient())
        do {
            _ = try client.getMedia(id: "x")
            Issue.record("expected invalidResponse")
        } catch {
            guard case .invalidResponse = error.kind else {
                Issue.record("got \(error)")
                return
            }
            #expect(!error.isTransient)
        }
    }

    @Test func listUsersKeepsExactEmailMatchesOnly() throws {
        let fake = try FakeKaltura { request, n in
            switch (request.service, request.action) {
            case ("session", "start"): return .session(n)
            case ("user", "list"):
                return .kaltura("""
                    {"objects":[\
                    {"id":"ann","email":"Ann@Example.edu","status":1,"objectType":"KalturaUser"},\
                    {"id":"annabel","email":"ann@example.edu.au","status":1,"objectType":"KalturaUser"},\
                    {"id":"ann2","email":"ann@example.edu","status":0,"objectType":"KalturaUser"},\
                    {"id":"noemail","status":1,"objectType":"KalturaUser"}],\
                    "totalCount":4,"objectType":"KalturaUserListResponse"}
                    """)
            case ("groupUser", "list"):
                return .kaltura(#"{"objects":[{"userId":"ann","groupId":"staff","objectType":"KalturaGroupUser"},{"userId":"ann","groupId":"zoom-users","objectType":"KalturaGroupUser"}],"totalCount":2,"objectType":"KalturaGroupUserListResponse"}"#)
            case ("user", "get"):
                return .kaltura(#"{"code":"INVALID_USER_ID","message":"Invalid user id","objectType":"KalturaAPIException","args":[]}"#)
            default: return .kaltura("null")
            }
        }
        defer { fake.stop() }
        let client = KalturaClient(credentials: FakeKaltura.credentials(fake.base), http: HTTPClient())
        let users = try client.listUsers(email: "ann@example.EDU")
        #expect(users == [KalturaUser(id: "ann", email: "Ann@Example.edu", status: .active),
                          KalturaUser(id: "ann2", email: "ann@example.edu", status: .blocked)])
        #expect(fake.requests("user", "list").first?.json?["filter"] == ["objectType": "KalturaUserFilter",
                                                                         "emailLike": "ann@example.EDU"])
        #expect(try client.listGroupUsers(userID: "ann") == ["staff", "zoom-users"])
        #expect(fake.requests("groupUser", "list").first?.json?["filter"]?["userIdEqual"] == "ann")
        do {
            _ = try client.getUser(id: "ghost")
            Issue.record("expected INVALID_USER_ID")
        } catch {
            #expect(error.code == "INVALID_USER_ID" && !error.isTransient && !error.isCredentialProblem)
        }
    }
}
