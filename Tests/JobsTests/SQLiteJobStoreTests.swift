import CSQLite
import Foundation
@testable import Jobs
import Testing

/// What only the embedded store has (the contract suites, `JobStoreContract` and
/// `JobStoreAdministrationContract`, run on it too): group commit, the file surviving a restart,
/// and the faults (disk full, locked, corrupt) that must give 503s.
@Suite struct SQLiteJobStoreTests {
    let directory: TemporaryDirectory

    init() throws { directory = try TemporaryDirectory() }

    /// A file written by the first schema gains the admin tables and keeps its jobs.
    @Test func versionOneDatabaseIsMigrated() throws {
        let path = directory.path("v1.db")
        do {
            let db = try SQLiteConnection(path: path, busyTimeoutMilliseconds: 1000)
            try db.execute(SQLiteSchema.migrations[0])
            try db.execute("""
                INSERT INTO jobs (dedupe_key, kind, meeting_uuid, recording_start, host_email, topic, payload, state,
                                  attempts, run_at, reason, created_at, updated_at)
                VALUES ('old', 'recording.completed', 'm', 's', 'h@uni.edu', 't', x'7b7d', 'failed', 3, 0, 'HTTP 404', 5, 6)
                """)
            try db.execute("PRAGMA user_version = 1")
        }
        let store = SQLiteJobStore(path: path)
        let page = try store.listJobs(JobQuery(states: [.failed]))
        #expect(page.jobs.map(\.dedupeKey) == ["old"])
        let id = try #require(page.jobs.first?.id)
        #expect(try store.events(jobID: id).isEmpty)
        #expect(try store.retryJob(id: id, now: 10).state == .queued)
        #expect(try store.events(jobID: id).count == 1)
        let db = try SQLiteConnection(path: path, busyTimeoutMilliseconds: 1000)
        #expect(try db.scalar("PRAGMA user_version") == Int64(SQLiteSchema.migrations.count))
    }

    @Test func concurrentEnqueuesShareCommits() throws {
        let store = SQLiteJobStore(path: directory.path("group.db"))
        store.open()
        let before = store.commitCount
        let results = ResultsBox()
        let group = ConcurrentGroup()
        for i in 0..<500 {
            group.run { store.enqueue([JobStoreContract.newJob("g\(i)")], receivedAt: 1) { results.add($0) } }
        }
        group.wait()
        #expect(results.waitForCount(500))
        #expect(results.successes == 500)
        let commits = store.commitCount - before
        #expect(commits < 500, "group commit: \(commits) commits for 500 enqueues")
    }

    @Test func jobsSurviveReopening() throws {
        let path = directory.path("reopen.db")
        var store: SQLiteJobStore? = SQLiteJobStore(path: path)
        let id = try #require(store).enqueueAndWait([JobStoreContract.newJob("kept")], receivedAt: 7).ids[0]
        store?.close()
        store = nil
        let reopened = SQLiteJobStore(path: path)
        #expect(try reopened.job(id: id)?.dedupeKey == "kept")
        #expect(try reopened.summaryAndWait().lastWebhookAt == 7)
    }

    @Test func schemaIsVersionedAndWalAndFull() throws {
        let path = directory.path("schema.db")
        let store = SQLiteJobStore(path: path)
        store.open()
        let db = try SQLiteConnection(path: path, busyTimeoutMilliseconds: 1000)
        #expect(try db.scalar("PRAGMA user_version") == Int64(SQLiteSchema.migrations.count))
        let mode = try db.statement("PRAGMA journal_mode")
        #expect(try mode.step() && mode.text(0) == "wal")
    }

    @Test func newerSchemaIsRefusedNotDamaged() throws {
        let path = directory.path("newer.db")
        let db = try SQLiteConnection(path: path, busyTimeoutMilliseconds: 1000)
        try db.execute("PRAGMA user_version = 99")
        let store = SQLiteJobStore(path: path)
        store.open()
        guard case .unavailable(let reason) = store.health else {
            Issue.record("a newer schema was accepted")
            return
        }
        #expect(reason.contains("newer than this build"))
    }

    @Test func diskFullFailsTheEnqueueAndIsReported() throws {
        // max_page_count stands in for a full disk: SQLite answers SQLITE_FULL either way.
        let store = SQLiteJobStore(path: directory.path("full.db"), pragmas: ["PRAGMA max_page_count = 16"])
        let big = [UInt8](repeating: 7, count: 64 * 1024)
        var job = JobStoreContract.newJob("big")
        job.payload = big
        #expect(throws: JobStoreError.self) { try store.enqueueAndWait([job], receivedAt: 1) }
        guard case .unavailable(let reason) = store.health else {
            Issue.record("health did not report the full disk")
            return
        }
        #expect(reason.contains("full"))
        // A small job still fits: the store recovers by itself.
        _ = try store.enqueueAndWait([JobStoreContract.newJob("small")], receivedAt: 2)
        #expect(store.health == .ready)
    }

    @Test func lockedDatabaseFailsAfterTheBusyTimeoutThenRecovers() throws {
        let path = directory.path("locked.db")
        let store = SQLiteJobStore(path: path, busyTimeout: .milliseconds(100))
        store.open()
        let other = try SQLiteConnection(path: path, busyTimeoutMilliseconds: 100)
        try other.execute("BEGIN EXCLUSIVE")
        #expect(throws: JobStoreError.self) { try store.enqueueAndWait([JobStoreContract.newJob("x")], receivedAt: 1) }
        #expect(store.health != .ready)
        try other.execute("COMMIT")
        _ = try store.enqueueAndWait([JobStoreContract.newJob("x")], receivedAt: 2)
        #expect(store.health == .ready)
    }

    @Test func corruptFileMakesTheStoreUnavailable() throws {
        let path = directory.path("corrupt.db")
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: path))
        let store = SQLiteJobStore(path: path)
        #expect(throws: JobStoreError.self) { try store.enqueueAndWait([JobStoreContract.newJob("x")], receivedAt: 1) }
        #expect(store.health != .ready)
    }

    @Test func closedStoreRefusesWork() throws {
        let store = SQLiteJobStore(path: directory.path("closed.db"))
        store.close()
        #expect(throws: JobStoreError.unavailable("the job store is closed")) {
            try store.enqueueAndWait([JobStoreContract.newJob("x")], receivedAt: 1)
        }
    }
}

extension SQLiteJobStoreTests {
    /// A delivery that stores nothing writes nothing (no fsync), but its time still counts.
    @Test func repeatsDoNotWriteButUpdateTheLastWebhookTime() throws {
        let store = SQLiteJobStore(path: directory.path("repeats.db"))
        _ = try store.enqueueAndWait([JobStoreContract.newJob("r")], receivedAt: 100)
        let dataVersion = try SQLiteConnection(path: directory.path("repeats.db"), busyTimeoutMilliseconds: 1000)
        let before = try dataVersion.scalar("PRAGMA data_version")
        _ = try store.enqueueAndWait([JobStoreContract.newJob("r")], receivedAt: 200)
        #expect(try dataVersion.scalar("PRAGMA data_version") == before, "a repeat changed the database")
        #expect(try store.summaryAndWait().lastWebhookAt == 200)
    }
}
