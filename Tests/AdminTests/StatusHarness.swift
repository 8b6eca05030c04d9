import Admin
import Foundation
import HTTPServer
import Jobs
import Metrics
import TestSupport

/// `/status` and `/metrics` on a loopback server over a real SQLite store in a temporary
/// directory, with sources the test sets.
final class StatusHarness {
    static let token = "status-test-admin-token-0123456789"
    static let markup = "<script>alert(1)</script>"
    static let now: Int64 = 1_764_500_000_000

    let directory: URL
    let store: SQLiteJobStore
    let registry = MetricsRegistry()
    let loopback: LoopbackServer

    init(sources: StatusRoutes.Sources = StatusRoutes.Sources()) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("z2k-admin-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = SQLiteJobStore(path: directory.appendingPathComponent("jobs.db").path)
        store.open()
        let auth = AdminAuth(token: .init(Self.token))
        var router = Router()
        StatusRoutes(auth: auth, version: "9.9.9-test", sandbox: true, store: store, sources: sources, now: { Self.now })
            .register(on: &router)
        MetricsRoutes(auth: auth, version: "9.9.9-test", store: store, registry: registry, now: { Self.now })
            .register(on: &router)
        loopback = try LoopbackServer(router: router)
    }

    func stop() {
        loopback.stop()
        store.close()
        try? FileManager.default.removeItem(at: directory)
    }

    /// A GET on a new connection; `token` nil sends no Authorization.
    func get(_ path: String, accept: String? = nil, token: String? = StatusHarness.token, method: String = "GET") throws -> TestResponse {
        var request = "\(method) \(path) HTTP/1.1\r\nHost: t\r\nConnection: close\r\n"
        if let accept { request += "Accept: \(accept)\r\n" }
        if let token { request += "Authorization: Bearer \(token)\r\n" }
        let client = try TestConnection(port: loopback.port)
        try client.send(request + "\r\n")
        guard let response = try client.readResponse(headOnly: method == "HEAD") else {
            throw TestConnection.Failure(description: "no response to \(path)")
        }
        return response
    }

    func json(_ response: TestResponse) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] ?? [:]
    }

    /// Stores a job and fails it, as a worker would.
    @discardableResult
    func failedJob(topic: String, reason: String) throws -> Int64 {
        let job = NewJob(dedupeKey: "k-\(UUID().uuidString)", kind: "recording.completed", meetingUUID: "m-\(topic.count)==",
                         recordingStart: "2026-11-30T10:00:00Z", hostEmail: "host@example.edu", topic: topic, payload: [])
        let id = try store.enqueueAndWait([job], receivedAt: Self.now).ids[0]
        guard let claimed = try store.claim(owner: "w", leaseUntil: Self.now + 60_000, now: Self.now), claimed.id == id else {
            throw TestConnection.Failure(description: "could not claim job \(id)")
        }
        try store.fail(id: id, owner: "w", reason: reason, now: Self.now + 1_000)
        return id
    }
}
