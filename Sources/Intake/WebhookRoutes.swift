import HTTP1
import HTTPServer
import Jobs
import Logging
import Platform
import Zoom

/// `POST /webhooks/zoom`: verify, decode, store durably, and only then answer 200.
///
/// The handler runs on an event loop and never waits there: it hands the jobs to the store and
/// returns `.later`; the store's completion, after the commit, sends the answer. Zoom gives a
/// delivery 3 s and retries anything but 2xx, so every outcome is chosen for its retry meaning:
/// 401 and 400 are the sender's problem, 503 asks for a retry, 204 acknowledges what we ignore.
public struct WebhookRoutes: Sendable {
    let path: String
    let verifier: WebhookVerifier?
    let store: any JobStore
    let logger: Logger
    let now: @Sendable () -> Int64
    /// Called after new jobs are committed (the worker pool's wake-up).
    let stored: @Sendable () -> Void
    /// Deliveries by result and per minute, for /status and /metrics.
    let stats: WebhookStats
    let recent = RecentDeliveries()

    /// - Parameters:
    ///   - path: where Zoom posts (`WEBHOOK_PATH`).
    ///   - verifier: nil when no secret is configured: every delivery gets 503.
    ///   - store: where jobs go.
    ///   - now: the wall clock in milliseconds since the epoch (tests pass their own).
    ///   - stored: called after a delivery added jobs.
    ///   - stats: counts each delivery by result.
    public init(path: String, verifier: WebhookVerifier?, store: any JobStore, logger: Logger,
                now: @escaping @Sendable () -> Int64 = epochMilliseconds, stored: @escaping @Sendable () -> Void = {},
                stats: WebhookStats = WebhookStats()) {
        self.path = path
        self.verifier = verifier
        self.store = store
        self.logger = logger
        self.now = now
        self.stored = stored
        self.stats = stats
    }

    public func register(on router: inout Router) {
        let routes = self
        router.add("POST", path, bodyLimit: 1 << 20) { request, responder in routes.handle(request, responder) }
    }

    func handle(_ request: Request, _ responder: Responder) -> Reply {
        let receivedAt = now()
        guard let verifier else {
            stats.record(.unavailable, at: receivedAt)
            logger.error("webhook refused: ZOOM_WEBHOOK_SECRET is not configured")
            return .now(.error(.serviceUnavailable, code: "not_configured",
                               detail: "the webhook secret is not configured on this server"))
        }
        guard Self.isJSON(request.headers["Content-Type"]) else {
            stats.record(.malformed, at: receivedAt)
            return .now(.error(.unsupportedMediaType, detail: "send the webhook as application/json"))
        }
        let key: WebhookKey
        switch verifier.verify(signature: request.headers["x-zm-signature"], timestamp: request.headers["x-zm-request-timestamp"],
                               body: request.body, now: receivedAt / 1000) {
        case .success(let matched): key = matched
        case .failure(let rejection):
            stats.record(.rejected, at: receivedAt)
            logger.warning("webhook rejected", ["webhook.rejection": .string(rejection.code)])
            return .now(.error(.unauthorized, code: rejection.code, detail: rejection.description))
        }

        // A repeat of a body stored moments ago: answer from memory (verified above).
        let bodyKey = RecentDeliveries.Key(body: request.body)
        if let ids = recent.ids(for: bodyKey) {
            store.noteWebhook(at: receivedAt)
            stats.record(.duplicate, at: receivedAt)
            logger.info("webhook repeated", ["jobs.duplicate": .int(ids.count)])
            return .now(Self.storedAnswer(ids: ids, inserted: 0))
        }

        switch WebhookDecoder.decode(request.body) {
        case .failure(let error):
            stats.record(.malformed, at: receivedAt)
            logger.warning("webhook malformed", ["webhook.error": .string(error.code), "webhook.detail": .string(error.description)])
            return .now(.error(.badRequest, code: error.code, detail: error.description))
        case .success(.urlValidation(let plainToken)):
            stats.record(.validation, at: receivedAt)
            logger.info("webhook url validation answered", ["webhook.secret": .int(key.index)])
            return .now(Self.validationAnswer(plainToken: plainToken, encryptedToken: key.encryptedToken(for: plainToken)))
        case .success(.other(let event)):
            stats.record(.ignored, at: receivedAt)
            logger.info("webhook event ignored", ["webhook.event": .string(event)])
            return .now(Response(status: .noContent))
        case .success(.recording(let event)):
            return store(event, body: request.body, key: bodyKey, receivedAt: receivedAt, responder: responder)
        }
    }

    /// Stores one job per segment. Each job keeps the body as Zoom signed it (see
    /// `RecordingSegment.stored`), which also spares re-encoding the event on the hot path.
    private func store(_ event: RecordingEvent, body: [UInt8], key: RecentDeliveries.Key, receivedAt: Int64,
                       responder: Responder) -> Reply {
        let jobs = Self.jobs(for: event, body: body)
        let kind = event.kind.rawValue
        let uuid = event.meeting.uuid
        let logger = self.logger
        let recent = self.recent
        let stored = self.stored
        let stats = self.stats
        store.enqueue(jobs, receivedAt: receivedAt) { result in
            switch result {
            case .success(let outcome):
                recent.remember(key, ids: outcome.ids)
                stats.record(outcome.inserted > 0 ? .stored : .duplicate, at: receivedAt)
                if outcome.inserted > 0 { stored() }
                logger.info(outcome.inserted > 0 ? "webhook stored" : "webhook repeated",
                            ["webhook.event": .string(kind), "meeting.uuid": .string(uuid),
                             "jobs.new": .int(outcome.inserted), "jobs.duplicate": .int(outcome.duplicates)])
                responder.respond(Self.storedAnswer(ids: outcome.ids, inserted: outcome.inserted))
            case .failure(let error):
                stats.record(.unavailable, at: receivedAt)
                logger.error("webhook not stored; answering 503 so that Zoom retries",
                             ["webhook.event": .string(kind), "meeting.uuid": .string(uuid), "error": .string(error.description)])
                responder.respond(Self.storeUnavailable)
            }
        }
        return .later
    }

    /// The jobs a recording event makes: one per segment, each keeping the body as Zoom signed
    /// it (see `RecordingSegment.stored`).
    public static func jobs(for event: RecordingEvent, body: [UInt8]) -> [NewJob] {
        event.segments().map { segment in
            NewJob(dedupeKey: segment.dedupeKey, kind: segment.kind.rawValue, meetingUUID: segment.meeting.uuid,
                   recordingStart: segment.recordingStart, hostEmail: segment.meeting.hostEmail,
                   topic: segment.meeting.topic, payload: body)
        }
    }

    /// `application/json`, with or without parameters such as `charset=utf-8`.
    static func isJSON(_ contentType: String?) -> Bool {
        guard var bytes = contentType?.utf8[...] else { return false }
        if let semicolon = bytes.firstIndex(of: UInt8(ascii: ";")) { bytes = bytes[..<semicolon] }
        while let last = bytes.last, last == 0x20 || last == 0x09 { bytes = bytes.dropLast() }
        while let first = bytes.first, first == 0x20 || first == 0x09 { bytes = bytes.dropFirst() }
        return bytes.count == 16 && zip(bytes, "application/json".utf8).allSatisfy { $0 | 0x20 == $1 | 0x20 }
    }

    /// 503 when the store could not commit: Zoom (or the admin) retries.
    static let storeUnavailable = Response.error(.serviceUnavailable, code: "store_unavailable",
                                                 detail: "the job store is unavailable; retry later", headers: [("Retry-After", "60")])

    /// `{"duplicates": n, "jobs": [ids], "new": n, "status": "stored"}`: numbers only, written directly.
    static func storedAnswer(ids: [Int64], inserted: Int) -> Response {
        let list = ids.map(String.init).joined(separator: ",")
        let text = #"{"duplicates":\#(ids.count - inserted),"jobs":[\#(list)],"new":\#(inserted),"status":"stored"}"#
        return .json(.ok, Array(text.utf8))
    }

    /// `{"encryptedToken": …, "plainToken": …}`, written directly: the token is user data, so it
    /// goes through the one JSON string escaper.
    static func validationAnswer(plainToken: String, encryptedToken: String) -> Response {
        var text = #"{"encryptedToken":"#
        appendJSONString(encryptedToken, to: &text)
        text += #","plainToken":"#
        appendJSONString(plainToken, to: &text)
        text += "}"
        return .json(.ok, Array(text.utf8))
    }
}
