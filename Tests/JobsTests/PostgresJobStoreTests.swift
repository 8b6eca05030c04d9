import Foundation
@testable import Jobs
import Platform
import Synchronization
import TestSupport
import Testing

/// What only the shared store has (the contract suites, `JobStoreContract` and
/// `JobStoreAdministrationContract`, run on it too): claims from several connections at once,
/// migrations under an advisory lock, and riding out a server restart.
/// Each test gets a database of its own on a throwaway server (`PostgresCluster`); without
/// PostgreSQL's server binaries the tests fail, saying to run scripts/install-deps.sh.
@Suite struct PostgresJobStoreTests {
    let cluster: PostgresCluster

    init() throws { cluster = try PostgresCluster.shared() }

    static func store(_ url: String, connections: Int = 8) throws -> PostgresJobStore {
        try StoreKind.postgresStore(url, connections: connections)
    }

    @Test func concurrentEnqueuesShareCommits() throws {
        let store = try Self.store(cluster.createDatabase())
        store.open()
        let before = store.commitCount
        let results = ResultsBox()
        let group = ConcurrentGroup()
        for i in 0..<300 {
            group.run { store.enqueue([JobStoreContract.newJob("g\(i)")], receivedAt: 1) { results.add($0) } }
        }
        group.wait()
        #expect(results.waitForCount(300))
        #expect(results.successes == 300)
        let commits = store.commitCount - before
        #expect(commits < 300, "group commit: \(commits) commits for 300 enqueues")
    }

    /// Eight threads, each with its own connection (or, with fewer connections, waiting for
    /// one), claim until nothing is left: every job is handed out exactly once.
    @Test(arguments: [8, 3]) func concurrentClaimsNeverShareAJob(connections: Int) throws {
        let store = try Self.store(cluster.createDatabase(), connections: connections)
        let ids = try store.enqueueAndWait((0..<200).map { JobStoreContract.newJob("k\($0)") }, receivedAt: 0).ids
        let owners = Mutex<[Int64: [String]]>([:])
        let failures = Mutex<[String]>([])
        let finished = Semaphore()
        for thread in 0..<8 {
            startThread {
                for _ in 0...200 {
                    do {
                        guard let job = try store.claim(owner: "w\(thread)", leaseUntil: 1_000_000, now: 1) else { break }
                        owners.withLock { $0[job.id, default: []].append("w\(thread)") }
                    } catch {
                        failures.withLock { $0.append("\(error)") }
                        break
                    }
                }
                finished.signal()
            }
        }
        for _ in 0..<8 { finished.wait() }
        #expect(failures.withLock { $0 } == [])
        let claimed = owners.withLock { $0 }
        #expect(Set(claimed.keys) == Set(ids))
        #expect(claimed.values.allSatisfy { $0.count == 1 }, "jobs claimed twice: \(claimed.filter { $0.value.count > 1 })")
        #expect(try store.claim(owner: "late", leaseUntil: 1_000_000, now: 1) == nil)
        #expect(try store.summaryAndWait().counts[.running] == 200)
    }

    @Test func serverRestartMakesTheStoreUnavailableThenItRecovers() throws {
        let server = try PostgresCluster()
        let url = try server.createDatabase()
        let store = try Self.store(url)
        let first = try store.enqueueAndWait([JobStoreContract.newJob("before")], receivedAt: 1)
        #expect(store.health == .ready)
        // A store that was idle through the restart (no heartbeat): its pooled connection is
        // stale, noticed before use, and replaced without failing the next operation.
        var quietOptions = PostgresJobStore.Options()
        quietOptions.heartbeat = .seconds(600)
        let quiet = try PostgresJobStore(url: url, options: quietOptions)
        #expect(try quiet.job(id: first.ids[0])?.dedupeKey == "before")

        server.stop()
        #expect(Self.eventually { store.health != .ready }, "health stayed ready with the server down")
        do {
            _ = try store.enqueueAndWait([JobStoreContract.newJob("during")], receivedAt: 2)
            Issue.record("an enqueue succeeded with the server down")
        } catch {
            guard case .unavailable = error else { throw error }
        }

        try server.start()
        #expect(Self.eventually { store.health == .ready }, "the store did not recover: \(store.health)")
        let after = try store.enqueueAndWait([JobStoreContract.newJob("after")], receivedAt: 3)
        #expect(after.inserted == 1)
        #expect(try store.job(id: after.ids[0])?.dedupeKey == "after")
        #expect(try store.job(id: first.ids[0])?.dedupeKey == "before")
        let claimed = try #require(try store.claim(owner: "w", leaseUntil: 100, now: 10))
        #expect(claimed.id == first.ids[0])
        #expect(try quiet.enqueueAndWait([JobStoreContract.newJob("quiet")], receivedAt: 4).inserted == 1)
    }

    @Test func unreachableServerIsReportedWithoutThePassword() throws {
        let store = try Self.store("postgres://z2k:s3cret-pw@127.0.0.1:1/jobs")
        store.open()
        guard case .unavailable(let reason) = store.health else {
            Issue.record("a store with no server reported ready")
            return
        }
        #expect(reason.contains("127.0.0.1") && !reason.contains("s3cret-pw"))
        do {
            _ = try store.enqueueAndWait([JobStoreContract.newJob("x")], receivedAt: 1)
            Issue.record("an enqueue succeeded with no server")
        } catch {
            #expect(!error.description.contains("s3cret-pw"))
        }
        #expect(throws: JobStoreError.self) { try PostgresJobStore(url: "postgres://z2k:s3cret-pw@127.0.0.1/jobs?nonsense=1") }
        do { _ = try PostgresJobStore(url: "postgres://z2k:s3cret-pw@127.0.0.1/jobs?nonsense=1") } catch {
            #expect(!error.description.contains("s3cret-pw"))
        }
    }

    @Test func closedStoreRefusesWork() throws {
        let store = try Self.store(cluster.createDatabase())
        store.close()
        #expect(throws: JobStoreError.unavailable("the job store is closed")) {
            try store.enqueueAndWait([JobStoreContract.newJob("x")], receivedAt: 1)
        }
        #expect(throws: JobStoreError.unavailable("the job store is closed")) { try store.job(id: 1) }
    }

    @Test func repeatsUpdateTheLastWebhookTime() throws {
        let store = try Self.store(cluster.createDatabase())
        _ = try store.enqueueAndWait([JobStoreContract.newJob("r")], receivedAt: 100)
        let repeated = try store.enqueueAndWait([JobStoreContract.newJob("r")], receivedAt: 200)
        #expect(repeated.inserted == 0)
        store.noteWebhook(at: 300)
        #expect(try store.summaryAndWait().lastWebhookAt == 300)
    }

    /// Condition polled every 20 ms for at most 10 s.
    static func eventually(_ condition: () -> Bool) -> Bool {
        for _ in 0..<500 {
            if condition() { return true }
            Platform.sleep(for: .milliseconds(20))
        }
        return condition()
    }
}

/// Migrations: numbered rows of `schema_migrations`, applied once however many replicas start.
extension PostgresJobStoreTests {
    @Test func replicasStartingTogetherMigrateOnce() throws {
        let url = try cluster.createDatabase()
        let stores = try (0..<4).map { _ in try Self.store(url, connections: 2) }
        let opened = Semaphore()
        for store in stores { startThread { store.open(); opened.signal() } }
        for _ in stores { opened.wait() }
        #expect(stores.allSatisfy { $0.health == .ready })
        let db = try PostgresConnection(PostgresAddress(url: url), connectTimeout: 5, applicationName: "test")
        let rows = try db.query("SELECT COUNT(*), MAX(version) FROM schema_migrations")
        #expect(rows.int(0, 0) == Int64(PostgresSchema.migrations.count))
        #expect(rows.int(0, 1) == Int64(PostgresSchema.migrations.count))
    }

    @Test func newerSchemaIsRefusedNotDamaged() throws {
        let url = try cluster.createDatabase()
        let db = try PostgresConnection(PostgresAddress(url: url), connectTimeout: 5, applicationName: "test")
        try db.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
        try db.execute("INSERT INTO schema_migrations (version) VALUES (99)")
        let store = try Self.store(url)
        store.open()
        guard case .unavailable(let reason) = store.health else {
            Issue.record("a newer schema was accepted")
            return
        }
        #expect(reason.contains("newer than this build"))
        #expect(try db.query("SELECT COUNT(*) FROM schema_migrations").int(0, 0) == 1)
        #expect(try db.query("SELECT to_regclass('jobs') IS NULL").bool(0, 0))
    }
}
