import Admin
import Config
import Foundation
import HTTPClient
import HTTPServer
import Intake
import Jobs
import Logging
import Simulators
import Synchronization
import TestSupport
import Zoom

/// `/ingest` and `/backfill` on a loopback server over a fresh SQLite store, with the Zoom
/// simulator behind the API client (or no client, or one pointed somewhere else).
final class IngestHarness {
    static let adminToken = "ingest-admin-token-0123456789"

    enum API {
        case simulator
        case none
        /// The simulator's OAuth and API with a wrong client secret.
        case wrongSecret
        /// A URL nothing listens on.
        case unreachable
    }

    let zoom: ZoomSimulator
    let directory: URL
    let store: SQLiteJobStore
    let loopback: LoopbackServer
    let logs = LogSink.memory()
    let wakeups = Wakeups()
    var port: Int { loopback.port }

    final class Wakeups: Sendable {
        let count = Atomic<Int>(0)
        var value: Int { count.load(ordering: .relaxed) }
    }

    init(api: API = .simulator) throws {
        zoom = try ZoomSimulator(clientID: "ingest-client", clientSecret: "ingest-secret", accountID: "ingest-account")
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("z2k-ingest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = SQLiteJobStore(path: directory.appendingPathComponent("jobs.db").path)
        store.open()
        let client: ZoomAPIClient?
        switch api {
        case .none: client = nil
        case .simulator, .wrongSecret:
            client = ZoomAPIClient(credentials: .init(accountID: zoom.accountID, clientID: zoom.clientID,
                                                      clientSecret: Secret(api == .simulator ? zoom.clientSecret : "wrong"),
                                                      apiURL: "\(zoom.baseURL)/v2", oauthURL: "\(zoom.baseURL)/oauth/token"),
                                   http: HTTPClient())
        case .unreachable:
            let closed = LoopbackPort.unused()
            client = ZoomAPIClient(credentials: .init(accountID: "a", clientID: "c", clientSecret: Secret("s"),
                                                      apiURL: "http://127.0.0.1:\(closed)/v2",
                                                      oauthURL: "http://127.0.0.1:\(closed)/oauth/token"),
                                   http: HTTPClient())
        }
        var router = Router()
        let wakeups = self.wakeups
        IngestRoutes(auth: AdminAuth(token: Secret(Self.adminToken)), store: store, zoomAPI: client,
                     logger: Logger(level: .debug, sink: logs), stored: { wakeups.count.add(1, ordering: .relaxed) })
            .register(on: &router)
        loopback = try LoopbackServer(router: router)
    }

    deinit {
        loopback.stop()
        store.close()
        zoom.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// A loopback port with nothing listening: bound by a server that is then stopped.
    /// POSTs `body` to `path` on a new connection.
    func post(_ path: String, _ body: String, token: String? = adminToken,
              contentType: String? = "application/json") throws -> TestResponse {
        var head = "POST \(path) HTTP/1.1\r\nHost: t\r\nConnection: close\r\nContent-Length: \(body.utf8.count)\r\n"
        if let token { head += "Authorization: Bearer \(token)\r\n" }
        if let contentType { head += "Content-Type: \(contentType)\r\n" }
        let connection = try TestConnection(port: port)
        try connection.send(head + "\r\n" + body)
        guard let response = try connection.readResponse(timeout: .seconds(30)) else {
            throw TestConnection.Failure(description: "no response to POST \(path)")
        }
        return response
    }

    func ingest(_ meeting: String) throws -> TestResponse { try post("/ingest", #"{"meeting":"\#(meeting)"}"#) }

    /// The stored-answer fields.
    func answer(_ response: TestResponse) throws -> (jobs: [Int64], new: Int, duplicates: Int) {
        let json = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] ?? [:]
        guard json["status"] as? String == "stored", let jobs = json["jobs"] as? [NSNumber], let new = json["new"] as? Int,
              let duplicates = json["duplicates"] as? Int else {
            throw TestConnection.Failure(description: "not a stored answer: \(response)")
        }
        return (jobs.map(\.int64Value), new, duplicates)
    }

    func error(_ response: TestResponse) -> String? {
        ((try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any])?["error"] as? String
    }

    /// Stores the recording's `recording.completed` as the webhook intake does.
    func deliverWebhook(uuid: String) throws -> [Int64] {
        guard let body = zoom.recordingCompletedBody(meetingUUID: uuid),
              case .success(.recording(let event)) = WebhookDecoder.decode(body) else {
            throw TestConnection.Failure(description: "the simulator's webhook does not decode")
        }
        return try store.enqueueAndWait(WebhookRoutes.jobs(for: event, body: body), receivedAt: Int64(Date().timeIntervalSince1970 * 1000)).ids
    }

    /// Two segments (the host stopped and restarted recording).
    static func twoSegments(_ prefix: String) -> [ZoomFile] {
        [
            ZoomFile(id: "\(prefix)-a-mp4", size: 1000, recordingStart: "2026-11-30T10:00:05Z"),
            ZoomFile(id: "\(prefix)-a-vtt", fileType: "TRANSCRIPT", recordingType: "audio_transcript", size: 300,
                     recordingStart: "2026-11-30T10:00:05Z"),
            ZoomFile(id: "\(prefix)-b-mp4", size: 2000, recordingStart: "2026-11-30T10:30:00Z", recordingEnd: "2026-11-30T10:50:00Z"),
        ]
    }
}
