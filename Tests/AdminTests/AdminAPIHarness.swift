import Admin
import Config
import Foundation
import HTTPServer
import Jobs
import Synchronization
import TestSupport

/// The jobs and rules routes over a real SQLite store in a temporary directory, served on
/// loopback with a fixed clock; counts the wake-ups and rule changes the routes report.
final class AdminAPIHarness: Sendable {
    static let token = "admin-api-token-0123456789"
    static let now: Int64 = 1_780_000_000_000  // ms: 2026-05-28T20:26:40Z

    let directory: URL
    let store: SQLiteJobStore
    let server: LoopbackServer
    let counters: Counters

    final class Counters: Sendable {
        let wakes = Atomic<Int>(0)
        let changes = Atomic<Int>(0)
    }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("z2k-admin-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = SQLiteJobStore(path: directory.appendingPathComponent("jobs.db").path)
        let auth = AdminAuth(token: Secret(Self.token))
        let counters = Counters()
        self.counters = counters
        var router = Router()
        JobsRoutes(auth: auth, store: store, now: { Self.now }, retried: { counters.wakes.add(1, ordering: .relaxed) })
            .register(on: &router)
        RulesRoutes(auth: auth, store: store, now: { Self.now }, changed: { counters.changes.add(1, ordering: .relaxed) })
            .register(on: &router)
        server = try LoopbackServer(router: router)
    }

    var wakes: Int { counters.wakes.load(ordering: .relaxed) }
    var changes: Int { counters.changes.load(ordering: .relaxed) }

    func stop() {
        server.stop()
        store.close()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Sends one request on a new connection (with the admin token unless `token` says
    /// otherwise; nil sends none) and reads the answer.
    func send(_ method: String, _ target: String, body: [UInt8]? = nil, token: String? = AdminAPIHarness.token,
              headOnly: Bool = false) throws -> TestResponse {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: admin.test\r\nConnection: close\r\n"
        if let token { head += "Authorization: Bearer \(token)\r\n" }
        if let body { head += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n" }
        let client = try TestConnection(port: server.port)
        try client.send(Array((head + "\r\n").utf8) + (body ?? []))
        guard let response = try client.readResponse(headOnly: headOnly) else {
            throw TestConnection.Failure(description: "no response to \(method) \(target)")
        }
        return response
    }

    func send(_ method: String, _ target: String, json: String) throws -> TestResponse {
        try send(method, target, body: Array(json.utf8))
    }

    func object(_ response: TestResponse) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] else {
            throw TestConnection.Failure(description: "not a JSON object: \(response.text)")
        }
        return object
    }

    /// The `error` code of an error body.
    func errorCode(_ response: TestResponse) throws -> String? {
        let body = try object(response)
        guard body["detail"] is String else { return nil }
        return body["error"] as? String
    }

    /// Stores a recording job for segment 0 of a sample webhook; returns its id.
    @discardableResult
    func enqueueRecording(uuid: String, host: String = "host@uni.edu", at time: Int64 = now) throws -> Int64 {
        let body = SampleWebhooks.recordingCompleted(uuid: uuid, hostEmail: host)
        let job = NewJob(dedupeKey: "rec|\(uuid)", kind: "recording.completed", meetingUUID: uuid,
                         recordingStart: "2026-11-30T10:00:05Z", hostEmail: host, topic: "Lecture", payload: body)
        return try store.enqueueAndWait([job], receivedAt: time).ids[0]
    }

    /// Claims the next job and fails it, as a worker would after a permanent error.
    func claimAndFail(reason: String) throws -> Int64 {
        guard let job = try store.claim(owner: "w", leaseUntil: Self.now + 60_000, now: Self.now) else {
            throw TestConnection.Failure(description: "nothing to claim")
        }
        try store.fail(id: job.id, owner: "w", reason: reason, now: Self.now + 1)
        return job.id
    }
}
