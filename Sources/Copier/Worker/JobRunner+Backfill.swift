import Foundation
import Jobs
import Logging
import Zoom

extension JobRunner {
    /// What a backfill has done so far, saved after each finished day (`jobs.progress`), so
    /// that a restarted backfill continues with the next day.
    struct BackfillProgress: Codable, Equatable {
        /// The last day whose recordings are all stored.
        var lastDay: String?
        /// Recordings found and stored (as new or already known jobs).
        var recordings = 0
        /// Jobs that were new.
        var newJobs = 0
        /// Listed recordings gone by the time they were fetched.
        var gone = 0

        init() {}

        init(bytes: [UInt8]?) {
            guard let bytes, !bytes.isEmpty,
                  let decoded = try? JSONDecoder().decode(BackfillProgress.self, from: Data(bytes)) else { return }
            self = decoded
        }

        var bytes: [UInt8] {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            return Array((try? encoder.encode(self)) ?? Data())
        }
    }

    /// `zoom.backfill`: walks the account's recordings one UTC day at a time
    /// (`GET /accounts/me/recordings`, every page), fetches each recording with a download
    /// token, and stores its jobs as a webhook would (same dedupe keys: a recording that is
    /// already queued or copied stores nothing). Progress is saved per day.
    func backfill(_ run: JobRun) throws(JobFailure) -> JobOutcome {
        guard let range = BackfillRange(payload: run.job.payload) else { throw .permanent("the backfill's payload does not decode") }
        var progress = BackfillProgress(bytes: run.job.progress)
        let days = range.days
        let log = logger.with("job.id", .int(Int(run.job.id)))
        for day in days where progress.lastDay.map({ day > $0 }) ?? true {
            var pageToken: String?
            var found = 0
            repeat {
                try run.checkCancelled()
                let token = pageToken
                let page = try zoomCall("listing the recordings of \(day)") { api throws(ZoomAPIError) in
                    try api.listRecordings(from: day, to: day, pageToken: token)
                }
                for listed in page.meetings {
                    try run.checkCancelled()
                    let fetched = try zoomCall("fetching recording \(listed.uuid)") { api throws(ZoomAPIError) -> APIRecordingWebhook? in
                        do throws(ZoomAPIError) {
                            return try api.completedWebhook(meeting: listed.uuid, eventTimestamp: now())
                        } catch {
                            if error.status == 404 { return nil }  // trashed since it was listed
                            throw error
                        }
                    }
                    guard let webhook = fetched else {
                        progress.gone += 1
                        continue
                    }
                    let jobs = Self.recordingJobs(webhook)
                    guard !jobs.isEmpty else { continue }
                    let outcome: EnqueueOutcome
                    do throws(JobStoreError) { outcome = try store.schedule(jobs, now: now()) } catch { throw JobFailure(error) }
                    found += 1
                    progress.recordings += 1
                    progress.newJobs += outcome.inserted
                }
                pageToken = page.nextPageToken
            } while pageToken != nil
            progress.lastDay = day
            do throws(JobStoreError) {
                try store.checkpoint(id: run.job.id, owner: run.owner, progress: progress.bytes, entryID: nil, now: now())
            } catch {
                throw JobFailure(error)
            }
            log.debug("backfill day done", ["backfill.day": .string(day), "backfill.recordings": .int(found)])
        }
        var reason = "queued \(progress.recordings) recording\(progress.recordings == 1 ? "" : "s") "
            + "(\(progress.newJobs) new job\(progress.newJobs == 1 ? "" : "s")) from \(days.count) day\(days.count == 1 ? "" : "s")"
        if progress.gone > 0 { reason += "; \(progress.gone) listed recording(s) were gone when fetched" }
        log.info("backfill finished", ["backfill.from": .string(range.from), "backfill.to": .string(range.to),
                                       "backfill.recordings": .int(progress.recordings), "jobs.new": .int(progress.newJobs)])
        return .finished(.done, reason: reason, entryID: nil)
    }

    /// The jobs a recording event makes, exactly as the webhook intake makes them
    /// (`WebhookRoutes.jobs(for:body:)`; a test checks that the two agree): one per segment,
    /// the body as the payload.
    static func recordingJobs(_ webhook: APIRecordingWebhook) -> [NewJob] {
        webhook.event.segments().map { segment in
            NewJob(dedupeKey: segment.dedupeKey, kind: segment.kind.rawValue, meetingUUID: segment.meeting.uuid,
                   recordingStart: segment.recordingStart, hostEmail: segment.meeting.hostEmail,
                   topic: segment.meeting.topic, payload: webhook.body)
        }
    }
}
