import Jobs
import Testing

/// The behaviour every `JobStore` must have, written once against the protocol. Every test runs
/// on each store (`StoreKind`), each time on a fresh, empty one.
@Suite struct JobStoreContract {

    static func newJob(_ key: String, meeting: String = "m1", start: String = "2026-01-01T10:00:00Z") -> NewJob {
        NewJob(dedupeKey: key, kind: "recording.completed", meetingUUID: meeting, recordingStart: start,
               hostEmail: "host@uni.edu", topic: "Lecture \(key)", payload: Array("{\"k\":\"\(key)\"}".utf8))
    }

    @Test(arguments: StoreKind.allCases)
    func enqueueIsIdempotentByDedupeKey(_ kind: StoreKind) throws {
        let store = try kind.makeStore()
        let first = try store.enqueueAndWait([Self.newJob("a"), Self.newJob("b")], receivedAt: 1000)
        #expect(first.inserted == 2 && first.duplicates == 0)
        let again = try store.enqueueAndWait([Self.newJob("b"), Self.newJob("c")], receivedAt: 2000)
        #expect(again.inserted == 1 && again.duplicates == 1)
        #expect(again.ids[0] == first.ids[1])
        let summary = try store.summaryAndWait()
        #expect(summary.counts[.queued] == 3)
        #expect(summary.lastWebhookAt == 2000)
        let job = try #require(try store.job(id: first.ids[0]))
        #expect(job.state == .queued && job.attempts == 0 && job.dedupeKey == "a")
        #expect(job.payload == Array("{\"k\":\"a\"}".utf8))
        #expect(job.topic == "Lecture a" && job.hostEmail == "host@uni.edu" && job.createdAt == 1000)
    }

    @Test(arguments: StoreKind.allCases)
    func claimLeasesOldestFirstAndOnlyOnce(_ kind: StoreKind) throws {
        let store = try kind.makeStore()
        let ids = try store.enqueueAndWait([Self.newJob("a"), Self.newJob("b")], receivedAt: 100).ids
        let first = try #require(try store.claim(owner: "w1", leaseUntil: 10_000, now: 200))
        #expect(first.id == ids[0] && first.state == .running && first.attempts == 1)
        #expect(first.leaseOwner == "w1" && first.leaseUntil == 10_000)
        let second = try #require(try store.claim(owner: "w2", leaseUntil: 10_000, now: 200))
        #expect(second.id == ids[1])
        #expect(try store.claim(owner: "w3", leaseUntil: 10_000, now: 200) == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func futureJobsWaitForTheirTime(_ kind: StoreKind) throws {
        let store = try kind.makeStore()
        var later = Self.newJob("later")
        later.runAt = 5000
        _ = try store.enqueueAndWait([later], receivedAt: 100)
        #expect(try store.claim(owner: "w", leaseUntil: 9000, now: 4999) == nil)
        #expect(try store.claim(owner: "w", leaseUntil: 9000, now: 5000) != nil)
    }

    @Test(arguments: StoreKind.allCases)
    func expiredLeaseIsClaimableAndTheOldOwnerLosesIt(_ kind: StoreKind) throws {
        let store = try kind.makeStore()
        let id = try store.enqueueAndWait([Self.newJob("a")], receivedAt: 0).ids[0]
        _ = try store.claim(owner: "crashed", leaseUntil: 1000, now: 0)
        #expect(try store.claim(owner: "w2", leaseUntil: 5000, now: 999) == nil)
        let taken = try #require(try store.claim(owner: "w2", leaseUntil: 5000, now: 1000))
        #expect(taken.id == id && taken.attempts == 2 && taken.leaseOwner == "w2")
        #expect(throws: JobStoreError.leaseLost(id)) { try store.renew(id: id, owner: "crashed", leaseUntil: 9000, now: 1001) }
        #expect(throws: JobStoreError.leaseLost(id)) {
            try store.finish(id: id, owner: "crashed", state: .done, reason: nil, entryID: nil, now: 1001)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func renewExtendsTheLease(_ kind: StoreKind) throws {
        let store = try kind.makeStore()
        let id = try store.enqueueAndWait([Self.newJob("a")], receivedAt: 0).ids[0]
        _ = try store.claim(owner: "w", leaseUntil: 1000, now: 0)
        try store.renew(id: id, owner: "w", leaseUntil: 3000, now: 900)
        #expect(try store.claim(owner: "other", leaseUntil: 9000, now: 2000) == nil)
        #expect(try store.job(id: id)?.leaseUntil == 3000)
    }

    @Test(arguments: StoreKind.allCases)
    func checkpointKeepsProgressAndEntry(_ kind: StoreKind) throws {
        let store = try kind.makeStore()
        let id = try store.enqueueAndWait([Self.newJob("a")], receivedAt: 0).ids[0]
        _ = try store.claim(owner: "w", leaseUntil: 1000, now: 0)
        try store.checkpoint(id: id, owner: "w", progress: [1, 2, 3], entryID: "0_abc", now: 10)
        try store.checkpoint(id: id, owner: "w", progress: [4], entryID: nil, now: 20)
        let job = try #require(try store.job(id: id))
        #expect(job.progress == [4] && job.entryID == "0_abc" && job.updatedAt == 20)
    }

    @Test(arguments: StoreKind.allCases)
    func waitsThatDoNotCountKeepTheAttempts(_ kind: StoreKind) throws {
        let store = try kind.makeStore()
        let id = try store.enqueueAndWait([Self.newJob("w")], receivedAt: 0).ids[0]
        _ = try store.claim(owner: "w", leaseUntil: 1000, now: 0)
        try store.retry(id: id, owner: "w", at: 10, reason: "Kaltura is down", countsAttempt: true, now: 1)
        #expect(try store.job(id: id)?.attempts == 1)
        _ = try store.claim(owner: "w", leaseUntil: 1000, now: 10)
        #expect(try store.job(id: id)?.attempts == 2)
        try store.retry(id: id, owner: "w", at: 20, reason: "Zoom is still processing", countsAttempt: false, now: 11)
        let waiting = try #require(try store.job(id: id))
        #expect(waiting.attempts == 1 && waiting.state == .waiting && waiting.reason == "Zoom is still processing")
    }

    @Test(arguments: StoreKind.allCases)
    func finishRetryFailAndRelease(_ kind: StoreKind) throws {
        let store = try kind.makeStore()
        let ids = try store.enqueueAndWait((1...4).map { Self.newJob("j\($0)") }, receivedAt: 0).ids
        for _ in ids { _ = try store.claim(owner: "w", leaseUntil: 1000, now: 0) }

        try store.finish(id: ids[0], owner: "w", state: .done, reason: nil, entryID: "1_done", now: 5)
        try store.retry(id: ids[1], owner: "w", at: 500, reason: "HTTP 503 from Kaltura", countsAttempt: true, now: 5)
        try store.fail(id: ids[2], owner: "w", reason: "INVALID_KS", now: 5)
        try store.release(id: ids[3], owner: "w", now: 5)
        #expect(throws: JobStoreError.invalidState(ids[0], .failed)) {
            try store.finish(id: ids[0], owner: "w", state: .failed, reason: nil, entryID: nil, now: 6)
        }

        let done = try #require(try store.job(id: ids[0]))
        #expect(done.state == .done && done.entryID == "1_done" && done.leaseOwner == nil)
        let waiting = try #require(try store.job(id: ids[1]))
        #expect(waiting.state == .waiting && waiting.runAt == 500 && waiting.reason == "HTTP 503 from Kaltura")
        #expect(try store.job(id: ids[2])?.state == .failed)
        #expect(try store.job(id: ids[2])?.reason == "INVALID_KS")
        let released = try #require(try store.job(id: ids[3]))
        #expect(released.state == .queued && released.attempts == 0)

        // The released job is claimable now; the waiting one only at its time; done/failed never.
        let far: Int64 = 10_000_000
        #expect(try store.claim(owner: "w", leaseUntil: far, now: 10)?.id == ids[3])
        #expect(try store.claim(owner: "w", leaseUntil: far, now: 10) == nil)
        #expect(try store.claim(owner: "w", leaseUntil: far, now: 500)?.id == ids[1])
        #expect(try store.claim(owner: "w", leaseUntil: far, now: 100_000) == nil)
        let summary = try store.summaryAndWait()
        #expect(summary.counts[.done] == 1 && summary.counts[.failed] == 1 && summary.counts[.running] == 2)
    }

    @Test(arguments: StoreKind.allCases)
    func unknownJobsAreNotFound(_ kind: StoreKind) throws {
        let store = try kind.makeStore()
        #expect(try store.job(id: 424_242) == nil)
        #expect(throws: JobStoreError.notFound(424_242)) { try store.renew(id: 424_242, owner: "w", leaseUntil: 1, now: 0) }
    }

    @Test(arguments: StoreKind.allCases)
    func concurrentEnqueuesAllCommit(_ kind: StoreKind) throws {
        let store = try kind.makeStore()
        let results = ResultsBox()
        let group = ConcurrentGroup()
        for i in 0..<200 {
            group.run {
                store.enqueue([Self.newJob("c\(i)")], receivedAt: Int64(i)) { results.add($0) }
            }
        }
        group.wait()
        #expect(results.waitForCount(200))
        #expect(results.successes == 200)
        #expect(try store.summaryAndWait().counts[.queued] == 200)
    }
}
