import Foundation
import HTTPServer
import Intake
import Jobs
import Logging
import Testing
import TestSupport
import Zoom

/// What the webhook endpoint counts for /status and /metrics: every delivery per minute, and
/// each by its result.
@Suite struct WebhookStatsTests {
    static let secret = "stats-webhook-secret"
    static let now: Int64 = 1_764_500_000_000

    @Test func deliveriesAreCountedPerMinuteOverTheDay() {
        let stats = WebhookStats()
        stats.record(.stored, at: Self.now - 2 * 3_600_000)  // two hours ago
        stats.record(.rejected, at: Self.now - 30 * 60_000)
        stats.record(.stored, at: Self.now)
        #expect(stats.received(lastMinutes: 60, now: Self.now) == 2)
        #expect(stats.received(lastMinutes: 24 * 60, now: Self.now) == 3)
        #expect(stats.received(lastMinutes: 24 * 60, now: Self.now + 23 * 3_600_000 + 40 * 60_000) == 1)
        #expect(stats.received(lastMinutes: 24 * 60, now: Self.now + 25 * 3_600_000) == 0)
        let counts = stats.counts()
        #expect(counts.count == WebhookStats.Result.allCases.count)
        #expect(counts[.stored] == 2 && counts[.rejected] == 1 && counts[.duplicate] == 0)
    }

    @Test func everyOutcomeOfTheEndpointIsCountedByItsResult() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("z2k-stats-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = SQLiteJobStore(path: directory.appendingPathComponent("jobs.db").path)
        defer { store.close() }
        let stats = WebhookStats()
        let logger = Logger(level: .error, sink: LogSink.memory())
        var router = Router()
        WebhookRoutes(path: "/webhooks/zoom", verifier: WebhookVerifier(secrets: [.init(Self.secret)]), store: store,
                      logger: logger, now: { Self.now }, stats: stats).register(on: &router)
        WebhookRoutes(path: "/unconfigured", verifier: nil, store: store, logger: logger, now: { Self.now }, stats: stats)
            .register(on: &router)
        let server = try LoopbackServer(router: router)
        defer { server.stop() }

        func send(_ body: [UInt8], secret: String = Self.secret, path: String = "/webhooks/zoom",
                  contentType: String = "application/json") throws -> Int {
            let client = try server.connect()
            try client.send(SampleWebhooks.signedRequest(body: body, secret: secret, timestamp: Self.now / 1000, path: path,
                                                         contentType: contentType))
            return try #require(try client.readResponse()).status
        }
        let recording = SampleWebhooks.recordingCompleted(uuid: "stats==")
        #expect(try send(recording) == 200)
        #expect(try send(recording) == 200)
        #expect(try send(recording, secret: "wrong") == 401)
        #expect(try send(Array("{not json".utf8)) == 400)
        #expect(try send(recording, contentType: "text/plain") == 415)
        #expect(try send(SampleWebhooks.urlValidation(plainToken: "abc")) == 200)
        #expect(try send(Array(#"{"event":"meeting.started","event_ts":1,"payload":{"object":{"uuid":"x"}}}"#.utf8)) == 204)
        #expect(try send(recording, path: "/unconfigured") == 503)

        let counts = stats.counts()
        #expect(counts == [.stored: 1, .duplicate: 1, .rejected: 1, .malformed: 2, .validation: 1, .ignored: 1, .unavailable: 1])
        #expect(stats.received(lastMinutes: 60, now: Self.now) == 8)
    }
}
