@testable import Copier
import Foundation
import Intake
import Jobs
import Kaltura
import Platform
import Simulators
import Testing
import Zoom

/// `zoom.backfill` run by the pool: every recording of the range's days becomes the jobs its
/// webhook would have made, once, whatever was queued before; progress is kept per day.
@Suite struct BackfillTests {
    static let host = "alice@uni.edu"

    /// A Zoom file id for `uuid`'s recording: uuids may hold `/`, file ids never do.
    static func fileID(_ uuid: String) -> String { uuid.replacingOccurrences(of: "/", with: "_") + "-mp4" }

    /// A one-file recording that started on `day` at `time`.
    static func add(_ rig: PoolHarness, uuid: String, id: Int64, day: String, time: String = "10:00:00") {
        rig.zoom.addRecording(meetingUUID: uuid, meetingID: id, hostEmail: host, startTime: "\(day)T\(time)Z",
                              files: [ZoomFile(id: Self.fileID(uuid), size: 64 << 10, recordingStart: "\(day)T\(time)Z",
                                               recordingEnd: "\(day)T11:00:00Z")])
    }

    /// Every job in the store (ids are dense from 1).
    static func allJobs(_ rig: PoolHarness, upTo last: Int64) throws -> [Job] {
        try (1...last + 20).compactMap { try rig.store.job(id: $0) }
    }

    @Test func threeDaysWithRecordingsOnTwoQueueEachRecordingOnce() throws {
        let rig = try PoolHarness()
        rig.kaltura.addUser(KalturaUser(id: Self.host, email: Self.host, status: 1))
        rig.zoom.setListPageLimit(1)  // two recordings on the first day: two pages
        let suffix = UUID().uuidString.prefix(8)
        let first = "bf-first-\(suffix)==", second = "bf-second-\(suffix)==", third = "bf/third-\(suffix)=="
        Self.add(rig, uuid: first, id: 91_000_000_001, day: "2026-11-28")
        Self.add(rig, uuid: second, id: 91_000_000_002, day: "2026-11-28", time: "14:30:00")
        Self.add(rig, uuid: third, id: 91_000_000_003, day: "2026-11-30")
        Self.add(rig, uuid: "bf-before-\(suffix)==", id: 91_000_000_004, day: "2026-11-27", time: "23:59:59")
        Self.add(rig, uuid: "bf-after-\(suffix)==", id: 91_000_000_005, day: "2026-12-01", time: "00:00:00")
        let delivered = try rig.deliver(uuid: third)  // its webhook came: already queued

        let range = try BackfillRange(from: "2026-11-28", to: "2026-11-30")
        let stored = try rig.store.enqueueAndWait([IngestRoutes.backfillJob(range)], receivedAt: epochMilliseconds())
        rig.pool.wake()
        let backfill = try rig.waitFor(stored.ids)[0]
        #expect(backfill.state == .done, "\(backfill.reason ?? "")")
        #expect(backfill.reason == "queued 3 recordings (2 new jobs) from 3 days")
        #expect(JobRunner.BackfillProgress(bytes: backfill.progress).lastDay == "2026-11-30")

        let copies = try Self.allJobs(rig, upTo: stored.ids[0]).filter { $0.kind == "recording.completed" }
        #expect(copies.map(\.meetingUUID).sorted() == [first, second, third].sorted())
        #expect(copies.first { $0.meetingUUID == third }?.id == delivered.first)
        let finished = try rig.waitFor(copies.map(\.id))
        #expect(finished.allSatisfy { $0.state == .done }, "\(finished.map { "\($0.meetingUUID) \($0.state) \($0.reason ?? "")" })")
        for uuid in [first, second, third] {
            #expect(rig.liveEntries(referenceID: "Zoom_\(uuid)\(rig.zoom.file(id: Self.fileID(uuid))?.recordingStart ?? "")").count == 1)
        }

        // The same range again is the same job; a second run of it would store nothing new.
        let again = try rig.store.enqueueAndWait([IngestRoutes.backfillJob(range)], receivedAt: epochMilliseconds())
        #expect(again.ids == stored.ids && again.inserted == 0)
    }

    @Test func aResumedBackfillStartsAfterItsLastFinishedDay() throws {
        let rig = try PoolHarness()
        rig.kaltura.addUser(KalturaUser(id: Self.host, email: Self.host, status: 1))
        let suffix = UUID().uuidString.prefix(8)
        let done = "bf-done-\(suffix)==", pending = "bf-pending-\(suffix)=="
        Self.add(rig, uuid: done, id: 92_000_000_001, day: "2026-10-01")
        Self.add(rig, uuid: pending, id: 92_000_000_002, day: "2026-10-03")
        // Held back from the pool (due in an hour) and claimed here, as a worker would.
        var new = IngestRoutes.backfillJob(try BackfillRange(from: "2026-10-01", to: "2026-10-03"))
        let due = epochMilliseconds() + 3_600_000
        new.runAt = due
        let id = try rig.store.enqueueAndWait([new], receivedAt: epochMilliseconds()).ids[0]
        var job = try #require(try rig.store.claim(owner: "test-worker", leaseUntil: due + 600_000, now: due))
        #expect(job.id == id)
        var progress = JobRunner.BackfillProgress()
        progress.lastDay = "2026-10-01"
        progress.recordings = 1
        progress.newJobs = 1
        job.progress = progress.bytes

        let outcome = try rig.runner.backfill(JobRun(job: job, owner: "test-worker", runner: rig.runner, isCancelled: { false }))
        #expect(outcome == .finished(.done, reason: "queued 2 recordings (2 new jobs) from 3 days", entryID: nil))
        let jobs = try Self.allJobs(rig, upTo: id)
        #expect(jobs.filter { $0.kind == "recording.completed" }.map(\.meetingUUID) == [pending], "day 1 is not walked again")
        let saved = JobRunner.BackfillProgress(bytes: try rig.store.job(id: id)?.progress)
        #expect(saved.lastDay == "2026-10-03" && saved.recordings == 2)
    }

    @Test func theJobsAreTheWebhooksJobs() throws {
        let rig = try PoolHarness()
        let uuid = "bf-same-\(UUID().uuidString.prefix(8))=="
        rig.zoom.addRecording(meetingUUID: uuid, files: PoolHarness.lectureFiles(prefix: "same", size: 1 << 16))
        let api = try #require(rig.runner.zoomAPI)
        let webhook = try api.completedWebhook(meeting: uuid, eventTimestamp: 1)
        #expect(JobRunner.recordingJobs(webhook) == WebhookRoutes.jobs(for: webhook.event, body: webhook.body))
        #expect(!JobRunner.recordingJobs(webhook).isEmpty)
    }
}
