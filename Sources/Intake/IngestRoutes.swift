import Admin
import HTTP1
import HTTPServer
import Jobs
import Logging
import Platform
import Zoom

/// `POST /ingest` and `POST /backfill` (admin token): recordings Zoom never announced to us
/// (missed webhooks, recordings older than the service), fetched through the Zoom API and
/// queued exactly as their webhook would have been, with the same dedupe keys: ingesting a
/// recording twice, or after its webhook, stores nothing new.
///
/// The Zoom API and the store's `schedule` block, so the handlers return `.later` and do the
/// work on a global dispatch queue; the responder answers from there.
public struct IngestRoutes: Sendable {
    /// Largest request body: a meeting id or two dates.
    static let bodyLimit = 16 << 10

    let auth: AdminAuth
    let store: any JobStore
    /// nil when no S2S OAuth app is configured: both endpoints answer 503.
    let zoomAPI: ZoomAPIClient?
    let logger: Logger
    let now: @Sendable () -> Int64
    /// Called after new jobs are stored (the worker pool's wake-up).
    let stored: @Sendable () -> Void

    /// - Parameters:
    ///   - zoomAPI: the Zoom API client; nil when `ZOOM_ACCOUNT_ID`… are not configured.
    ///   - now: the wall clock in milliseconds since the epoch (tests pass their own).
    ///   - stored: called after a request added jobs.
    public init(auth: AdminAuth, store: any JobStore, zoomAPI: ZoomAPIClient?, logger: Logger,
                now: @escaping @Sendable () -> Int64 = epochMilliseconds, stored: @escaping @Sendable () -> Void = {}) {
        self.auth = auth
        self.store = store
        self.zoomAPI = zoomAPI
        self.logger = logger
        self.now = now
        self.stored = stored
    }

    public func register(on router: inout Router) {
        let routes = self
        router.add("POST", "/ingest", bodyLimit: Self.bodyLimit, handler: auth.protect { routes.ingest($0, $1) })
        router.add("POST", "/backfill", bodyLimit: Self.bodyLimit, handler: auth.protect { routes.backfill($0, $1) })
    }

    /// `{"meeting": "<uuid or numeric id>"}` → the recording's jobs.
    func ingest(_ request: Request, _ responder: Responder) -> Reply {
        let meeting: String
        switch Self.meeting(in: request) {
        case .failure(let refusal): return .now(refusal.response)
        case .success(let value): meeting = value
        }
        guard let zoomAPI else { return .now(Self.notConfigured) }
        let routes = self
        return .background(responder) { routes.ingest(meeting: meeting, api: zoomAPI) }
    }

    /// Fetches and stores, on a dispatch thread.
    func ingest(meeting: String, api: ZoomAPIClient) -> Response {
        let webhook: APIRecordingWebhook
        do throws(ZoomAPIError) {
            webhook = try api.completedWebhook(meeting: meeting, eventTimestamp: now())
        } catch {
            logger.warning("ingest: Zoom API call failed", ["ingest.meeting": .string(meeting), "error": .string(error.detail)])
            return Self.response(for: error, meeting: meeting)
        }
        let uuid = webhook.event.meeting.uuid
        let jobs = WebhookRoutes.jobs(for: webhook.event, body: webhook.body)
        guard !jobs.isEmpty else {
            return .error(.notFound, code: "no_recording_files", detail: "Zoom lists no recording files for meeting \(meeting)")
        }
        return store(jobs, what: "ingest", fields: ["ingest.meeting": .string(meeting), "meeting.uuid": .string(uuid)])
    }

    /// Stores jobs from a dispatch thread and makes the answer the webhook gives.
    func store(_ jobs: [NewJob], what: String, fields: [String: LogValue]) -> Response {
        let outcome: EnqueueOutcome
        do throws(JobStoreError) {
            outcome = try store.schedule(jobs, now: now())
        } catch {
            logger.error("\(what): jobs not stored", fields.merging(["error": .string(error.description)]) { $1 })
            return WebhookRoutes.storeUnavailable
        }
        if outcome.inserted > 0 { stored() }
        logger.info(outcome.inserted > 0 ? "\(what) stored" : "\(what) repeated",
                    fields.merging(["jobs.new": .int(outcome.inserted), "jobs.duplicate": .int(outcome.duplicates)]) { $1 })
        return WebhookRoutes.storedAnswer(ids: outcome.ids, inserted: outcome.inserted)  // as the webhook answers
    }
}
