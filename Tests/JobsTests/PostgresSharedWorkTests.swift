@testable import Jobs
import Platform
import Synchronization
import TestSupport
import Testing

/// Two stores on one database stand for two replicas: what they share, and the scheduled work
/// (held-entry expiry, Zoom-side deletion, backfill), which is ordinary jobs: scheduled once
/// whoever schedules it, run by one replica at a time, taken over when that one's lease lapses.
@Suite struct PostgresSharedWorkTests {
    static let scheduledKinds = ["hold.expire", "zoom.trash", "zoom.backfill"]

    static func scheduled(_ kind: String, runAt: Int64) -> NewJob {
        var job = JobStoreContract.newJob("\(kind)|0_entry")
        job.kind = kind
        job.runAt = runAt
        return job
    }

    @Test(arguments: scheduledKinds) func scheduledWorkRunsOnOneReplicaAtATime(kind: String) throws {
        let url = try PostgresCluster.shared().createDatabase()
        let replicas = try (0..<2).map { _ in try StoreKind.postgresStore(url, connections: 4) }
        // Both replicas schedule the same follow-up (a retried copy does): one job.
        let first = try replicas[0].schedule([Self.scheduled(kind, runAt: 1000)], now: 10)
        let second = try replicas[1].schedule([Self.scheduled(kind, runAt: 1000)], now: 20)
        #expect(first.inserted == 1 && second.inserted == 0 && first.ids == second.ids)
        let id = first.ids[0]
        #expect(try replicas[1].claim(owner: "b", leaseUntil: 5000, now: 999) == nil, "claimed before its time")

        // Due: eight claimers on each replica at once; exactly one gets it.
        let winners = Mutex<[String]>([])
        let errors = Mutex<[String]>([])
        let done = Semaphore()
        for (index, replica) in replicas.enumerated() {
            for thread in 0..<8 {
                startThread {
                    do {
                        if let job = try replica.claim(owner: "r\(index)-t\(thread)", leaseUntil: 5000, now: 1000), job.id == id {
                            winners.withLock { $0.append("r\(index)-t\(thread)") }
                        }
                    } catch {
                        errors.withLock { $0.append("\(error)") }
                    }
                    done.signal()
                }
            }
        }
        for _ in 0..<16 { done.wait() }
        #expect(errors.withLock { $0 } == [])
        let owners = winners.withLock { $0 }
        try #require(owners.count == 1, "claimed by \(owners)")
        let owner = owners[0]
        let other = owner.hasPrefix("r0") ? replicas[1] : replicas[0]

        // The holder dies: nobody takes the job while its lease runs, the other replica does after.
        #expect(try other.claim(owner: "taker", leaseUntil: 9000, now: 4999) == nil)
        let taken = try #require(try other.claim(owner: "taker", leaseUntil: 9000, now: 5000))
        #expect(taken.id == id && taken.attempts == 2 && taken.kind == kind)
        #expect(throws: JobStoreError.leaseLost(id)) {
            try replicas[0].finish(id: id, owner: owner, state: .done, reason: nil, entryID: nil, now: 5001)
        }
        try other.finish(id: id, owner: "taker", state: .done, reason: nil, entryID: nil, now: 5002)
        #expect(try replicas[0].events(jobID: id).map(\.state) == [.done])
    }

    /// What an admin changes through one replica, the others see at once: the rules and the jobs.
    @Test func adminTablesAreShared() throws {
        let url = try PostgresCluster.shared().createDatabase()
        let (a, b) = try (StoreKind.postgresStore(url, connections: 2), StoreKind.postgresStore(url, connections: 2))
        try a.putMapping(email: "Jane@Uni.edu", userID: "jdoe", now: 1)
        try a.putOptOut(email: "bob@uni.edu", now: 1)
        #expect(try b.mappings() == ["jane@uni.edu": "jdoe"] && b.optOuts() == ["bob@uni.edu"])
        let id = try a.enqueueAndWait([JobStoreContract.newJob("shared")], receivedAt: 5).ids[0]
        #expect(try b.claim(owner: "w", leaseUntil: 1000, now: 10)?.id == id)
        // Cancelled through replica a: the worker on replica b loses its lease.
        #expect(try a.cancelJob(id: id, now: 11).state == .skipped)
        #expect(throws: JobStoreError.leaseLost(id)) { try b.renew(id: id, owner: "w", leaseUntil: 2000, now: 12) }
    }
}

/// Migrations on PostgreSQL: a database from the first schema gains the admin tables.
extension PostgresSharedWorkTests {
    @Test func versionOneDatabaseIsMigrated() throws {
        let url = try PostgresCluster.shared().createDatabase()
        let db = try PostgresConnection(PostgresAddress(url: url), connectTimeout: 5, applicationName: "test")
        try db.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
        try db.execute(PostgresSchema.migrations[0])
        try db.execute("INSERT INTO schema_migrations (version) VALUES (1)")
        try db.execute("""
            INSERT INTO jobs (dedupe_key, kind, meeting_uuid, recording_start, host_email, topic, payload, state,
                              attempts, run_at, reason, created_at, updated_at)
            VALUES ('old', 'recording.completed', 'm', 's', 'h@uni.edu', 't', '\\x7b7d', 'failed', 3, 0, 'HTTP 404', 5, 6)
            """)
        let store = try StoreKind.postgresStore(url)
        let page = try store.listJobs(JobQuery(states: [.failed]))
        #expect(page.jobs.map(\.dedupeKey) == ["old"])
        let id = try #require(page.jobs.first?.id)
        #expect(try store.events(jobID: id).isEmpty)
        #expect(try store.retryJob(id: id, now: 10).state == .queued)
        #expect(try store.events(jobID: id).count == 1)
        #expect(try db.query("SELECT MAX(version) FROM schema_migrations").int(0, 0) == Int64(PostgresSchema.migrations.count))
    }
}
