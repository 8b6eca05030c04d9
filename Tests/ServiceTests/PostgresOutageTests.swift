#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Jobs
import Synchronization
import Testing
import TestSupport

/// The real binary on PostgreSQL while the database restarts under a stream of webhooks:
/// deliveries get 503 (never a 200 for a job that was not committed) and /readyz turns 503
/// while the server is down; both recover by themselves, and every acknowledged webhook's job
/// is in the database afterwards.
@Suite struct PostgresOutageTests {
    static let secret = "outage-webhook-secret"

    @Test func postgresRestartedDuringIntakeLosesNoAcknowledgedWebhook() throws {
        let cluster = try PostgresCluster()  // its own server: this test stops it
        let url = try cluster.createDatabase()
        let service = try ServiceProcess(environment: ["ADMIN_TOKEN": ServiceProcessTests.token, "ZOOM_WEBHOOK_SECRET": Self.secret,
                                                       "DATABASE_URL": url, "WORKERS": "1"])
        defer { service.stop() }
        let stream = WebhookStream(port: service.port, secret: Self.secret)
        Thread.detachNewThread { stream.run() }
        defer { stream.stop() }

        try #require(eventually(seconds: 20) { stream.count(200) >= 20 }, "no webhooks stored before the restart: \(stream.summary)")
        cluster.stop()
        try #require(eventually(seconds: 20) { stream.count(503) >= 5 && readiness(service) == 503 },
                     "no 503s with the database down: \(stream.summary), /readyz \(readiness(service))")
        try cluster.start()
        let storedBefore = stream.count(200)
        try #require(eventually(seconds: 30) { stream.count(200) >= storedBefore + 20 && readiness(service) == 200 },
                     "the service did not recover: \(stream.summary), /readyz \(readiness(service))")
        stream.stop()

        let results = stream.results
        let statuses = Set(results.map(\.status))
        #expect(statuses.isSubset(of: [200, 503]), "unexpected answers: \(stream.summary)")
        let acknowledged = Set(results.filter { $0.status == 200 }.map(\.uuid))
        let store = try PostgresJobStore(url: url)
        defer { store.close() }
        var stored = Set<String>()
        var cursor: Int64?
        for _ in 0..<1000 {
            let page = try store.listJobs(JobQuery(limit: 500, cursor: cursor))
            stored.formUnion(page.jobs.map(\.meetingUUID))
            cursor = page.nextCursor
            if cursor == nil { break }
        }
        let lost = acknowledged.subtracting(stored)
        #expect(lost.isEmpty, "\(lost.count) of \(acknowledged.count) acknowledged webhooks have no job: \(lost.sorted().prefix(5))")
        print("postgres restart: \(stream.summary)")
    }

    /// `GET /readyz`'s status, or 0 when it could not be asked.
    func readiness(_ service: ServiceProcess) -> Int {
        guard let connection = try? TestConnection(port: service.port),
              (try? connection.send("GET /readyz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")) != nil,
              let response = try? connection.readResponse() else { return 0 }
        return response.status
    }
}

/// Polls `condition` every 10 ms for at most `seconds`.
func eventually(seconds: Int, _ condition: () -> Bool) -> Bool {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
        if condition() { return true }
        usleep(10_000)
    }
    return condition()
}

/// Signed `recording.completed` webhooks, one meeting each, sent one after another on a
/// keep-alive connection (reopened after an error) until stopped; at most one every 2 ms and
/// 30 000 in all. Each answer is kept with the meeting's uuid (status 0: no answer).
final class WebhookStream: Sendable {
    let port: Int
    let secret: String
    private let answers = Mutex<[(uuid: String, status: Int)]>([])
    private let stopping = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    init(port: Int, secret: String) {
        self.port = port
        self.secret = secret
    }

    func run() {
        defer { finished.signal() }
        var connection: TestConnection?
        for index in 0..<30_000 where !stopping.load(ordering: .relaxed) {
            let uuid = "stream-\(index)-\(UUID().uuidString.prefix(8))=="
            let body = SampleWebhooks.recordingCompleted(uuid: uuid)
            var status = 0
            do {
                let open = try connection ?? TestConnection(port: port)
                connection = open
                try open.send(SampleWebhooks.signedRequest(body: body, secret: secret, timestamp: Int64(Date().timeIntervalSince1970)))
                if let response = try open.readResponse() {
                    status = response.status
                    if response.header("Connection") == "close" { connection = nil }
                } else {
                    connection = nil
                }
            } catch {
                connection = nil
            }
            answers.withLock { $0.append((uuid, status)) }
            usleep(2_000)
        }
    }

    /// Stops sending and waits for the answer in flight (idempotent).
    func stop() {
        guard !stopping.exchange(true, ordering: .relaxed) else { return }
        finished.wait()
    }

    var results: [(uuid: String, status: Int)] { answers.withLock { $0 } }

    func count(_ status: Int) -> Int { answers.withLock { $0.count { $0.status == status } } }

    /// Answers by status, for messages.
    var summary: String {
        let counts = Dictionary(grouping: results, by: \.status).mapValues(\.count)
        return counts.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
    }
}
