import Jobs
import Testing

/// What every store must do for the admin surface (`JobAdministration`), written once against
/// the protocol like `JobStoreContract`: every test runs on each store (`StoreKind`), each time
/// on a fresh, empty one.
@Suite struct JobStoreAdministrationContract {

    static func newJob(_ key: String, host: String = "host@uni.edu") -> NewJob {
        var job = JobStoreContract.newJob(key)
        job.hostEmail = host
        return job
    }

    /// Enqueues each job at its own time (so `createdAt` differs) and returns their ids.
    static func enqueue(_ store: any JobStore, _ jobs: [(key: String, host: String, at: Int64)]) throws -> [Int64] {
        try jobs.map { try store.enqueueAndWait([newJob($0.key, host: $0.host)], receivedAt: $0.at).ids[0] }
    }

    @Test(arguments: StoreKind.allCases)
    func listFiltersNewestFirst(_ kind: StoreKind) throws {
        let store = try kind.makeStore()
        let ids = try Self.enqueue(store, [("a", "Ada@Uni.edu", 100), ("b", "bob@uni.edu", 200), ("c", "ada@uni.edu", 300),
                                           ("d", "bob@uni.edu", 400)])
        _ = try store.claim(owner: "w", leaseUntil: 10_000, now: 500)  // a: running
        try store.fail(id: ids[0], owner: "w", reason: "HTTP 404 from Zoom", now: 510)

        let all = try store.listJobs(JobQuery())
        #expect(all.jobs.map(\.id) == ids.reversed() && all.nextCursor == nil)
        #expect(try store.listJobs(JobQuery(states: [.failed])).jobs.map(\.id) == [ids[0]])
        #expect(try store.listJobs(JobQuery(states: [.failed, .queued])).jobs.map(\.id) == ids.reversed())
        #expect(try store.listJobs(JobQuery(states: [.done])).jobs.isEmpty)
        #expect(try store.listJobs(JobQuery(host: "ADA@uni.EDU")).jobs.map(\.id) == [ids[2], ids[0]])
        #expect(try store.listJobs(JobQuery(since: 300)).jobs.map(\.id) == [ids[3], ids[2]])
        #expect(try store.listJobs(JobQuery(states: [.queued], host: "bob@uni.edu", since: 250)).jobs.map(\.id) == [ids[3]])
        let failed = try #require(try store.listJobs(JobQuery(states: [.failed])).jobs.first)
        #expect(failed.reason == "HTTP 404 from Zoom" && failed.hostEmail == "Ada@Uni.edu" && failed.attempts == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func listPagesWithTheCursor(_ kind: StoreKind) throws {
        let store = try kind.makeStore()
        let ids = try store.enqueueAndWait((0..<7).map { Self.newJob("p\($0)") }, receivedAt: 1).ids
        var seen: [Int64] = []
        var cursor: Int64?
        for _ in 0..<10 {
            let page = try store.listJobs(JobQuery(limit: 3, cursor: cursor))
            #expect(page.jobs.count <= 3)
            seen += page.jobs.map(\.id)
            cursor = page.nextCursor
            if cursor == nil { break }
            #expect(cursor == page.jobs.last?.id)
        }
        #expect(seen == ids.reversed())
        // An exact multiple of the limit: the last full page says there is no more.
        let six = try store.listJobs(JobQuery(limit: 6, cursor: ids[6]))
        #expect(six.jobs.count == 6 && six.nextCursor == nil)
        // Limits are clamped into 1…500.
        #expect(try store.listJobs(JobQuery(limit: 0)).jobs.count == 1)
        #expect(try store.listJobs(JobQuery(limit: 10_000)).jobs.count == 7)
    }

    @Test(arguments: StoreKind.allCases)
    func eventsRecordEachAttemptsEnd(_ kind: StoreKind) throws {
        let store = try kind.makeStore()
        let id = try store.enqueueAndWait([Self.newJob("e1")], receivedAt: 0).ids[0]
        #expect(try store.events(jobID: id).isEmpty)
        _ = try store.claim(owner: "w", leaseUntil: 1000, now: 10)
        try store.retry(id: id, owner: "w", at: 20, reason: "HTTP 503 from Kaltura", countsAttempt: true, now: 11)
        _ = try store.claim(owner: "w", leaseUntil: 1000, now: 20)
        try store.retry(id: id, owner: "w", at: 30, reason: "Zoom is still processing", countsAttempt: false, now: 21)
        _ = try store.claim(owner: "w", leaseUntil: 1000, now: 30)
        try store.fail(id: id, owner: "w", reason: "INVALID_KS", now: 31)
        #expect(try store.events(jobID: id) == [
            JobEvent(jobID: id, attempt: 1, at: 11, state: .waiting, reason: "HTTP 503 from Kaltura"),
            JobEvent(jobID: id, attempt: 2, at: 21, state: .waiting, reason: "Zoom is still processing"),
            JobEvent(jobID: id, attempt: 2, at: 31, state: .failed, reason: "INVALID_KS"),
        ])

        _ = try store.enqueueAndWait([Self.newJob("e2")], receivedAt: 35)
        let other = try #require(try store.claim(owner: "w", leaseUntil: 1000, now: 40))
        try store.finish(id: other.id, owner: "w", state: .done, reason: nil, entryID: "0_x", now: 41)
        #expect(try store.events(jobID: other.id) == [JobEvent(jobID: other.id, attempt: 1, at: 41, state: .done, reason: nil)])
        // A release (shutdown) is not an attempt's end; a lost lease records nothing.
        #expect(throws: JobStoreError.leaseLost(other.id)) {
            try store.fail(id: other.id, owner: "w", reason: "late", now: 42)
        }
        #expect(try store.events(jobID: other.id).count == 1)
        #expect(throws: JobStoreError.notFound(987_654)) { try store.events(jobID: 987_654) }
    }

    @Test(arguments: StoreKind.allCases)
    func adminRetryQueuesAgainWithAttemptsReset(_ kind: StoreKind) throws {
        let store = try kind.makeStore()
        let id = try store.enqueueAndWait([Self.newJob("r")], receivedAt: 0).ids[0]
        _ = try store.claim(owner: "w", leaseUntil: 1000, now: 1)
        try store.checkpoint(id: id, owner: "w", progress: [9, 9], entryID: "0_kept", now: 2)
        try store.fail(id: id, owner: "w", reason: "HTTP 404 from Zoom", now: 3)

        let retried = try store.retryJob(id: id, now: 50)
        #expect(retried.state == .queued && retried.attempts == 0 && retried.runAt == 50 && retried.leaseOwner == nil)
        #expect(retried.progress == [9, 9] && retried.entryID == "0_kept" && retried.updatedAt == 50)
        #expect(try store.job(id: id) == retried)
        #expect(try store.events(jobID: id).last == JobEvent(jobID: id, attempt: 1, at: 50, state: .queued, reason: "retried by an admin"))
        #expect(try store.claim(owner: "w2", leaseUntil: 1000, now: 50)?.id == id)

        // Running, queued and done jobs cannot be retried; unknown ones are not found.
        #expect(throws: JobStoreError.invalidState(id, .running)) { try store.retryJob(id: id, now: 51) }
        try store.finish(id: id, owner: "w2", state: .done, reason: nil, entryID: nil, now: 52)
        #expect(throws: JobStoreError.invalidState(id, .done)) { try store.retryJob(id: id, now: 53) }
        let queued = try store.enqueueAndWait([Self.newJob("q")], receivedAt: 60).ids[0]
        #expect(throws: JobStoreError.invalidState(queued, .queued)) { try store.retryJob(id: queued, now: 61) }
        #expect(throws: JobStoreError.notFound(424_242)) { try store.retryJob(id: 424_242, now: 61) }
    }

    @Test(arguments: StoreKind.allCases)
    func adminRetryAppliesToSkippedHeldAndWaiting(_ kind: StoreKind) throws {
        let store = try kind.makeStore()
        let ids = try store.enqueueAndWait((1...3).map { Self.newJob("s\($0)") }, receivedAt: 0).ids
        for _ in ids { _ = try store.claim(owner: "w", leaseUntil: 1000, now: 1) }
        try store.finish(id: ids[0], owner: "w", state: .skipped, reason: "host opted out", entryID: nil, now: 2)
        try store.finish(id: ids[1], owner: "w", state: .held, reason: "no account", entryID: "0_h", now: 2)
        try store.retry(id: ids[2], owner: "w", at: 999_999, reason: "HTTP 429", countsAttempt: true, now: 2)
        for id in ids {
            let job = try store.retryJob(id: id, now: 10)
            #expect(job.state == .queued && job.runAt == 10 && job.attempts == 0)
        }
        // All three run now, not at the waiting job's far-off time.
        let claimed = try (0..<3).compactMap { _ in try store.claim(owner: "w", leaseUntil: 1000, now: 10)?.id }
        #expect(Set(claimed) == Set(ids))
    }

    @Test(arguments: StoreKind.allCases)
    func adminCancelEndsTheJobAndTakesTheLease(_ kind: StoreKind) throws {
        let store = try kind.makeStore()
        let ids = try store.enqueueAndWait((1...4).map { Self.newJob("c\($0)") }, receivedAt: 0).ids
        let running = try #require(try store.claim(owner: "worker", leaseUntil: 10_000, now: 1))
        #expect(running.id == ids[0])

        let cancelled = try store.cancelJob(id: running.id, now: 5)
        #expect(cancelled.state == .skipped && cancelled.reason == "cancelled by an admin")
        #expect(cancelled.leaseOwner == nil && cancelled.leaseUntil == nil && cancelled.updatedAt == 5)
        // The worker finds out at its next call, whatever it is, and nothing it says is kept.
        #expect(throws: JobStoreError.leaseLost(running.id)) {
            try store.renew(id: running.id, owner: "worker", leaseUntil: 20_000, now: 6)
        }
        #expect(throws: JobStoreError.leaseLost(running.id)) {
            try store.checkpoint(id: running.id, owner: "worker", progress: [1], entryID: nil, now: 6)
        }
        #expect(throws: JobStoreError.leaseLost(running.id)) {
            try store.finish(id: running.id, owner: "worker", state: .done, reason: nil, entryID: "0_late", now: 7)
        }
        #expect(throws: JobStoreError.leaseLost(running.id)) { try store.release(id: running.id, owner: "worker", now: 7) }
        let after = try #require(try store.job(id: running.id))
        #expect(after.state == .skipped && after.entryID == nil && after.progress == nil)
        #expect(try store.events(jobID: running.id) == [
            JobEvent(jobID: running.id, attempt: 1, at: 5, state: .skipped, reason: "cancelled by an admin"),
        ])

        // Queued: cancelled, never claimed afterwards.
        #expect(try store.cancelJob(id: ids[1], now: 8).state == .skipped)
        #expect(try store.events(jobID: ids[1]).first?.attempt == 0)
        // Waiting and failed: cancelled too.
        _ = try store.claim(owner: "w", leaseUntil: 10_000, now: 9)
        _ = try store.claim(owner: "w", leaseUntil: 10_000, now: 9)
        try store.retry(id: ids[2], owner: "w", at: 50, reason: "HTTP 503", countsAttempt: true, now: 9)
        try store.fail(id: ids[3], owner: "w", reason: "HTTP 404", now: 9)
        #expect(try store.cancelJob(id: ids[2], now: 10).state == .skipped)
        #expect(try store.cancelJob(id: ids[3], now: 10).state == .skipped)
        #expect(try store.claim(owner: "w", leaseUntil: 10_000, now: 100) == nil)

        // Ended otherwise: skipped, done, held cannot be cancelled.
        #expect(throws: JobStoreError.invalidState(ids[1], .skipped)) { try store.cancelJob(id: ids[1], now: 11) }
        let done = try store.enqueueAndWait([Self.newJob("d")], receivedAt: 0).ids[0]
        _ = try store.claim(owner: "w", leaseUntil: 10_000, now: 12)
        try store.finish(id: done, owner: "w", state: .done, reason: nil, entryID: "0_d", now: 12)
        #expect(throws: JobStoreError.invalidState(done, .done)) { try store.cancelJob(id: done, now: 13) }
        #expect(throws: JobStoreError.notFound(424_242)) { try store.cancelJob(id: 424_242, now: 13) }
        // A cancelled job can be retried.
        #expect(try store.retryJob(id: ids[1], now: 14).state == .queued)
    }

    @Test(arguments: StoreKind.allCases)
    func oldestDueAtIsTheQueueAge(_ kind: StoreKind) throws {
        let store = try kind.makeStore()
        #expect(try store.oldestDueAt(now: 50) == nil)
        var later = Self.newJob("later")
        later.runAt = 5_000  // scheduled work (a held entry's deletion): not waiting before then
        _ = try store.enqueueAndWait([later], receivedAt: 50)
        #expect(try store.oldestDueAt(now: 60) == nil)
        let ids = try Self.enqueue(store, [("o1", "h@uni.edu", 100), ("o2", "h@uni.edu", 200)])
        #expect(try store.oldestDueAt(now: 250) == 100)
        _ = try store.claim(owner: "w", leaseUntil: 1000, now: 300)
        #expect(try store.oldestDueAt(now: 300) == 200)
        _ = try store.cancelJob(id: ids[1], now: 301)
        #expect(try store.oldestDueAt(now: 301) == nil)
        #expect(try store.oldestDueAt(now: 6_000) == 5_000)
    }

    @Test(arguments: StoreKind.allCases)
    func mappingsAreKeptLowercasedAndReplaced(_ kind: StoreKind) throws {
        let store = try kind.makeStore()
        #expect(try store.mappings().isEmpty)
        try store.putMapping(email: "Jane.Doe@Uni.edu", userID: "jdoe", now: 1)
        try store.putMapping(email: "carol@uni.edu", userID: "cc", now: 1)
        try store.putMapping(email: "jane.doe@uni.edu", userID: "jane.doe", now: 2)
        #expect(try store.mappings() == ["jane.doe@uni.edu": "jane.doe", "carol@uni.edu": "cc"])
        #expect(try store.deleteMapping(email: "CAROL@uni.edu"))
        #expect(try !store.deleteMapping(email: "carol@uni.edu"))
        #expect(try store.mappings() == ["jane.doe@uni.edu": "jane.doe"])
    }

    @Test(arguments: StoreKind.allCases)
    func optOutsAreKeptLowercasedOnce(_ kind: StoreKind) throws {
        let store = try kind.makeStore()
        #expect(try store.optOuts().isEmpty)
        try store.putOptOut(email: "Bob@Uni.edu", now: 1)
        try store.putOptOut(email: "bob@uni.edu", now: 2)
        try store.putOptOut(email: "eve@uni.edu", now: 2)
        #expect(try store.optOuts() == ["bob@uni.edu", "eve@uni.edu"])
        #expect(try store.deleteOptOut(email: "BOB@uni.edu"))
        #expect(try !store.deleteOptOut(email: "bob@uni.edu"))
        #expect(try store.optOuts() == ["eve@uni.edu"])
    }
}
