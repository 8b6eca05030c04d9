#if canImport(Glibc)
import Glibc
#endif
import Foundation
@testable import Jobs
import Testing
import TestSupport

/// kill -9 in the middle of a webhook stream: every delivery answered 200 is in the store after
/// restart, none twice; deliveries cut off before their answer are retried (as Zoom does) and
/// end up stored exactly once too.
@Suite struct WebhookCrashTests {
    static let secret = "crash-test-webhook-secret"

    @Test func everyAcknowledgedWebhookSurvivesSIGKILL() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("z2k-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("jobs.db").path
        let environment = ["ZOOM_WEBHOOK_SECRET": Self.secret, "DATABASE_URL": "sqlite:\(database)"]

        let first = try ServiceProcess(environment: environment)
        let ledger = Ledger()
        let group = DispatchGroup()
        for sender in 0..<16 {
            // Real threads: the global dispatch queue would run only as many senders as cores.
            group.enter()
            Thread.detachNewThread {
                Self.send(sender: sender, count: 200, port: first.port, ledger: ledger)
                group.leave()
            }
        }
        // Kill once a good number of deliveries have been acknowledged, while all 16 are busy.
        let deadline = ContinuousClock.now + .seconds(60)
        while ledger.acknowledged.count < 300, ContinuousClock.now < deadline { usleep(2_000) }
        first.signal(SIGKILL)
        group.wait()
        _ = first.waitForExit()
        first.stop()

        let acknowledged = ledger.acknowledged
        let attempted = ledger.attempted
        #expect(acknowledged.count >= 300)
        #expect(attempted.count > acknowledged.count, "the kill came after every sender had finished")

        // After the crash: all acknowledged deliveries are there, each once, nothing unknown.
        let stored = try Self.storedMeetings(database)
        #expect(Set(stored.keys).isSuperset(of: acknowledged))
        #expect(Set(stored.keys).isSubset(of: attempted))
        #expect(stored.values.allSatisfy { $0 == 1 })

        // Zoom retries what it did not see answered: afterwards everything is there exactly once.
        let second = try ServiceProcess(environment: environment)
        defer { second.stop() }
        let retry = try TestConnection(port: second.port)
        for uuid in attempted.subtracting(acknowledged).sorted() + acknowledged.sorted().prefix(20) {
            let body = SampleWebhooks.recordingCompleted(uuid: uuid)
            try retry.send(SampleWebhooks.signedRequest(body: body, secret: Self.secret, timestamp: Int64(Date().timeIntervalSince1970)))
            #expect(try retry.readResponse()?.status == 200)
        }
        second.stop()
        let final = try Self.storedMeetings(database)
        #expect(Set(final.keys) == attempted)
        #expect(final.values.allSatisfy { $0 == 1 })
        print("crash test: \(acknowledged.count) acknowledged before SIGKILL, \(stored.count - acknowledged.count) committed but unanswered, \(attempted.count - stored.count) lost in flight and retried")
    }

    /// One keep-alive connection sending `count` deliveries in turn until the server dies.
    static func send(sender: Int, count: Int, port: Int, ledger: Ledger) {
        guard let connection = try? TestConnection(port: port) else { return }
        for n in 0..<count {
            let uuid = "crash-\(sender)-\(n)=="
            let body = SampleWebhooks.recordingCompleted(uuid: uuid)
            ledger.attempt(uuid)
            do {
                try connection.send(SampleWebhooks.signedRequest(body: body, secret: secret, timestamp: Int64(Date().timeIntervalSince1970)))
                guard let response = try connection.readResponse(timeout: .seconds(10)) else { return }
                if response.status == 200 { ledger.acknowledge(uuid) } else { return }
            } catch {
                return
            }
        }
    }

    /// Meeting uuid → number of jobs, read straight from the SQLite file.
    static func storedMeetings(_ path: String) throws -> [String: Int] {
        let db = try SQLiteConnection(path: path, busyTimeoutMilliseconds: 5000)
        let rows = try db.statement("SELECT meeting_uuid, COUNT(*) FROM jobs GROUP BY meeting_uuid")
        var result: [String: Int] = [:]
        while try rows.step() { result[rows.text(0) ?? ""] = Int(rows.int(1)) }
        return result
    }
}

/// What the senders sent and what was acknowledged.
final class Ledger: @unchecked Sendable {
    // Invariant for @unchecked Sendable: both sets are only touched under `lock`.
    private let lock = NSLock()
    private var sent: Set<String> = []
    private var acked: Set<String> = []

    func attempt(_ uuid: String) { lock.withLock { _ = sent.insert(uuid) } }
    func acknowledge(_ uuid: String) { lock.withLock { _ = acked.insert(uuid) } }
    var attempted: Set<String> { lock.withLock { sent } }
    var acknowledged: Set<String> { lock.withLock { acked } }
}
