import Config
import HTTPClient
import Testing
import Zoom

/// `trashRecording`: the DELETE Zoom documents, with a gone recording counted as trashed.
@Suite struct TrashRecordingTests {
    static let token = #"{"access_token":"at-%d","token_type":"bearer","expires_in":3600,"scope":"x"}"#

    /// A Zoom API whose DELETE answers `status` (then `later` on the following ones).
    func server(_ status: Int, later: Int = 204, headers: [(String, String)] = [],
                body: String = "") throws -> RecordingAPIServer {
        try RecordingAPIServer { line, previous in
            if line.hasPrefix("POST /oauth/token") {
                return (200, [("Content-Type", "application/json")], Self.token.replacing("%d", with: String(previous.count)))
            }
            let first = !previous.contains { $0.line.hasPrefix("DELETE") }
            return (first ? status : later, headers, first ? body : "")
        }
    }

    func client(_ server: RecordingAPIServer) -> ZoomAPIClient {
        ZoomAPIClient(credentials: .init(accountID: "acct", clientID: "id", clientSecret: Secret("secret"),
                                         apiURL: server.baseURL + "/v2", oauthURL: server.baseURL + "/oauth/token"),
                      http: HTTPClient())
    }

    @Test func aMeetingIsTrashedWithADoubleEncodedUUID() throws {
        let server = try server(204)
        defer { server.stop() }
        try client(server).trashRecording(meetingUUID: "/ajXp112QmuoKj4854875==")
        let delete = try #require(server.requests.last)
        #expect(delete.line == "DELETE /v2/meetings/%252FajXp112QmuoKj4854875%253D%253D/recordings?action=trash")
        #expect(delete.authorization == "Bearer at-0")
    }

    @Test func oneFileIsTrashedByItsID() throws {
        let server = try server(204)
        defer { server.stop() }
        try client(server).trashRecording(meetingUUID: "DUZke5GtTtuQlcx4mUo0Xw==", fileID: "6606c8c8-a1")
        #expect(server.requests.last?.line == "DELETE /v2/meetings/DUZke5GtTtuQlcx4mUo0Xw%3D%3D/recordings/6606c8c8-a1?action=trash")
    }

    @Test func aRecordingAlreadyGoneCountsAsTrashed() throws {
        let server = try server(404, body: #"{"code":3301,"message":"This recording does not exist."}"#)
        defer { server.stop() }
        try client(server).trashRecording(meetingUUID: "abc==")
        #expect(server.requests.filter { $0.line.hasPrefix("DELETE") }.count == 1)
    }

    @Test func a401GetsOneNewTokenAndOneRetry() throws {
        let server = try server(401, body: #"{"code":124,"message":"Invalid access token."}"#)
        defer { server.stop() }
        try client(server).trashRecording(meetingUUID: "abc==")
        #expect(server.requests.map(\.line) == [
            "POST /oauth/token?grant_type=account_credentials&account_id=acct", "DELETE /v2/meetings/abc%3D%3D/recordings?action=trash",
            "POST /oauth/token?grant_type=account_credentials&account_id=acct", "DELETE /v2/meetings/abc%3D%3D/recordings?action=trash",
        ])
        #expect(server.requests.last?.authorization == "Bearer at-2")
    }

    @Test func otherAnswersAreErrorsThatSayWhetherToRetry() throws {
        let limited = try server(429, headers: [("Retry-After", "1")], body: #"{"code":429,"message":"slow down"}"#)
        defer { limited.stop() }
        #expect {
            try client(limited).trashRecording(meetingUUID: "abc==")
        } throws: { error in
            let error = error as? ZoomAPIError
            return error?.status == 429 && error?.isTransient == true && error?.retryAfter == .seconds(1)
        }
        let forbidden = try server(400, later: 400, body: #"{"code":3303,"message":"no permission"}"#)
        defer { forbidden.stop() }
        #expect {
            try client(forbidden).trashRecording(meetingUUID: "abc==")
        } throws: { error in
            (error as? ZoomAPIError).map { $0.status == 400 && !$0.isTransient && $0.detail.contains("3303") } ?? false
        }
    }
}
