import Jobs
import Kaltura
import Logging
import Zoom

/// Carries out one claimed job from where its saved progress stopped, and says how it ended.
/// Every step that changes Kaltura is looked up before it is repeated (entries by reference
/// id, assets by label, uploads by checkpoint), so that a retry, a duplicate delivery or a
/// crash between two steps never makes a second entry or attaches a file twice.
public final class JobRunner: Sendable {
    let store: any JobStore
    let kaltura: KalturaClient
    let downloader: ZoomDownloader
    /// The Zoom API, when an S2S app is configured: fresh download tokens, file states, deletion.
    let zoomAPI: ZoomAPIClient?
    let policy: CampusPolicy
    let settings: CopierSettings
    let peers: PeerBoard
    let transfers: TransferBoard
    let logger: Logger
    /// Milliseconds since the epoch; tests pass a clock they move.
    let now: @Sendable () -> Int64

    public init(store: any JobStore, kaltura: KalturaClient, downloader: ZoomDownloader, zoomAPI: ZoomAPIClient?,
                policy: CampusPolicy, settings: CopierSettings, peers: PeerBoard, transfers: TransferBoard,
                logger: Logger, now: @escaping @Sendable () -> Int64) {
        self.store = store
        self.kaltura = kaltura
        self.downloader = downloader
        self.zoomAPI = zoomAPI
        self.policy = policy
        self.settings = settings
        self.peers = peers
        self.transfers = transfers
        self.logger = logger
        self.now = now
    }

    /// Runs `job`, leased by `owner`, until it ends, must wait, or `isCancelled` turns true.
    func run(_ job: Job, owner: String, isCancelled: @escaping @Sendable () -> Bool) -> JobOutcome {
        let run = JobRun(job: job, owner: owner, runner: self, isCancelled: isCancelled)
        defer { transfers.remove(jobID: job.id) }
        do throws(JobFailure) {
            switch job.kind {
            case RecordingEvent.Kind.completed.rawValue: return try copyRecording(run)
            case RecordingEvent.Kind.transcriptCompleted.rawValue: return try attachTranscripts(run)
            case FollowUp.holdExpiry: return try expireHold(run)
            case FollowUp.zoomTrash: return try trashZoomFiles(run)
            case BackfillRange.jobKind: return try backfill(run)
            default: return .failed(reason: "unknown job kind \(job.kind)")
            }
        } catch {
            return outcome(for: error, job: job)
        }
    }

    /// The store's record of a failure: wait, retry, or give up.
    func outcome(for failure: JobFailure, job: Job) -> JobOutcome {
        let now = self.now()
        switch failure.kind {
        case .cancelled:
            return .released
        case .leaseLost:
            return .leaseLost
        case .permanent:
            return .failed(reason: failure.reason)
        case .notReady(let at):
            guard now - job.createdAt < settings.giveUpAfter.milliseconds else {
                return .failed(reason: "gave up waiting: \(failure.reason)")
            }
            return .retry(at: max(at, now), reason: failure.reason, countsAttempt: false)
        case .peerDown(let peer):
            peers.failed(peer, problem: failure.reason, at: now)
            let wait = settings.peerDownWait.milliseconds
            return .retry(at: now + wait / 2 + Int64(Double(wait / 2) * settings.transfer.random()),
                          reason: failure.reason, countsAttempt: false)
        case .transient(let retryAfter):
            guard job.attempts < settings.maxAttempts else {
                return .failed(reason: "gave up after \(job.attempts) attempts: \(failure.reason)")
            }
            let backoff = RetryPolicy(maxAttempts: settings.maxAttempts, base: settings.retryBase, cap: settings.retryCap,
                                      random: settings.transfer.random)
            let delay = backoff.delay(afterAttempt: max(job.attempts, 1), retryAfter: retryAfter)
            return .retry(at: now + delay.milliseconds, reason: failure.reason, countsAttempt: true)
        }
    }

    // MARK: - Calls to the peers

    /// A Kaltura call that changes something: run once; the failure is classified and the
    /// peer's state recorded.
    func kalturaCall<T>(_ step: String, _ body: () throws(KalturaError) -> T) throws(JobFailure) -> T {
        do throws(KalturaError) {
            let value = try body()
            peers.succeeded(.kaltura, at: now())
            return value
        } catch {
            let failure = JobFailure(error, while: step)
            peers.callFailed(.kaltura, code: error.metricCode, error: failure.reason, at: now())
            if let peer = failure.peer { peers.failed(peer, problem: failure.reason, at: now()) }
            throw failure
        }
    }

    /// A Kaltura call that only reads: transient failures are retried in place a few times
    /// (a 500 should not cost the whole job a backoff).
    func kalturaRead<T>(_ step: String, _ body: () throws(KalturaError) -> T) throws(JobFailure) -> T {
        var attempt = 1
        while true {
            do throws(JobFailure) {
                return try kalturaCall(step, body)
            } catch {
                guard case .transient(let retryAfter) = error.kind, attempt < settings.transfer.maxAttempts else { throw error }
                settings.transfer.sleep(settings.transfer.delay(afterAttempt: attempt, retryAfter: retryAfter))
                attempt += 1
            }
        }
    }

    /// A Zoom API call, retried in place like `kalturaRead` (every one we make is a read or
    /// an idempotent delete).
    func zoomCall<T>(_ step: String, _ body: (ZoomAPIClient) throws(ZoomAPIError) -> T) throws(JobFailure) -> T {
        guard let zoomAPI else { throw .permanent("\(step): no Zoom API credentials (ZOOM_ACCOUNT_ID…) are configured") }
        var attempt = 1
        while true {
            do throws(ZoomAPIError) {
                let value = try body(zoomAPI)
                peers.succeeded(.zoom, at: now())
                return value
            } catch {
                let failure = JobFailure(error, while: step)
                peers.callFailed(.zoom, code: error.metricCode, error: failure.reason, at: now())
                if let peer = failure.peer { peers.failed(peer, problem: failure.reason, at: now()) }
                guard case .transient(let retryAfter) = failure.kind, attempt < settings.transfer.maxAttempts else { throw failure }
                settings.transfer.sleep(settings.transfer.delay(afterAttempt: attempt, retryAfter: retryAfter))
                attempt += 1
            }
        }
    }
}

/// One run of one job: its lease, its progress, and the way to save it. Used by one worker
/// thread only.
final class JobRun {
    let job: Job
    let owner: String
    let runner: JobRunner
    let isCancelled: @Sendable () -> Bool
    var progress: JobProgress

    init(job: Job, owner: String, runner: JobRunner, isCancelled: @escaping @Sendable () -> Bool) {
        self.job = job
        self.owner = owner
        self.runner = runner
        self.isCancelled = isCancelled
        self.progress = JobProgress(bytes: job.progress)
    }

    /// Writes the progress (and the job's entry id, when it becomes known) to the store.
    func save(entryID: String? = nil) throws(JobFailure) {
        do throws(JobStoreError) {
            try runner.store.checkpoint(id: job.id, owner: owner, progress: progress.bytes, entryID: entryID, now: runner.now())
        } catch {
            throw JobFailure(error)
        }
    }

    func checkCancelled() throws(JobFailure) {
        if isCancelled() { throw .cancelled }
    }

    /// The runner's logger, naming this job in every line.
    var logger: Logger {
        runner.logger.with("job.id", .int(Int(job.id))).with("meeting.uuid", .string(job.meetingUUID))
    }
}
