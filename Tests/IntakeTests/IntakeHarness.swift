import Config
import Foundation
import HTTPServer
import Intake
import Jobs
import Logging
import TestSupport
import Zoom

/// A server with the webhook and readiness routes over a real SQLite store in a temporary
/// directory, with a fixed clock.
final class IntakeHarness {
    static let secret = "current-webhook-secret"
    static let nextSecret = "next-webhook-secret"
    static let now: Int64 = 1_764_500_000_000  // ms

    let directory: URL
    let store: SQLiteJobStore
    let loopback: LoopbackServer
    let logs = LogSink.memory()
    let draining = Draining()
    var port: Int { loopback.port }

    init(secrets: [String] = [secret, nextSecret], store makeStore: ((String) -> SQLiteJobStore)? = nil) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("z2k-intake-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("jobs.db").path
        store = makeStore?(path) ?? SQLiteJobStore(path: path)
        let logger = Logger(level: .debug, sink: logs)
        let verifier = secrets.isEmpty ? nil : WebhookVerifier(secrets: secrets.map(Secret.init))
        var router = Router()
        WebhookRoutes(path: "/webhooks/zoom", verifier: verifier, store: store, logger: logger, now: { Self.now })
            .register(on: &router)
        ReadinessRoutes(store: store, draining: draining).register(on: &router)
        router.add("GET", "/healthz") { _ in Response(status: .ok) }
        loopback = try LoopbackServer(router: router)
    }

    func stop() {
        loopback.stop()
        store.close()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Sends one request on a new connection and reads the answer.
    func send(_ request: [UInt8]) throws -> TestResponse {
        let client = try TestConnection(port: port)
        try client.send(request)
        guard let response = try client.readResponse() else { throw TestConnection.Failure(description: "no response") }
        return response
    }

    func signed(_ body: [UInt8], secret: String = IntakeHarness.secret, timestamp: Int64 = now / 1000,
                contentType: String = "application/json; charset=utf-8") -> [UInt8] {
        SampleWebhooks.signedRequest(body: body, secret: secret, timestamp: timestamp, contentType: contentType)
    }

    func json(_ response: TestResponse) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] ?? [:]
    }
}
