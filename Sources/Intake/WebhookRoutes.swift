import Foundation
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

    /// - Parameters:
    ///   - path: where Zoom posts (`WEBHOOK_PATH`).
    ///   - verifier: nil when no secret is configured: every delivery gets 503.
    ///   - store: where jobs go.
    ///   - now: the wall clock in milliseconds since the epoch (tests pass their own).
    public init(path: String, verifier: WebhookVerifier?, store: any JobStore, logger: Logger,
                now: @escaping @Sendable () -> Int64 = epochMilliseconds) {
        self.path = path
        self.verifier = verifier
        self.store = store
        self.logger = logger
        self.now = now
    }

    public func register(on router: inout Router) {
        let routes = self
        router.add("POST", path, bodyLimit: 1 << 20) { request, responder in routes.handle(request, responder) }
    }

    func handle(_ request: Request, _ responder: Responder) -> Reply {
        guard let verifier else {
            logger.error("webhook refused: ZOOM_WEBHOOK_SECRET is not configured")
            return .now(.error(.serviceUnavailable, code: "not_configured",
                               detail: "the webhook secret is not configured on this server"))
        }
        guard Self.isJSON(request.headers["Content-Type"]) else {
            return .now(.error(.unsupportedMediaType, detail: "send the webhook as application/json"))
        }
        let receivedAt = now()
        let key: WebhookKey
        switch verifier.verify(signature: request.headers["x-zm-signature"], timestamp: request.headers["x-zm-request-timestamp"],
                               body: request.body, now: receivedAt / 1000) {
        case .success(let matched): key = matched
        case .failure(let rejection):
            logger.warning("webhook rejected", ["webhook.rejection": .string(rejection.code)])
            return .now(.error(.unauthorized, code: rejection.code, detail: rejection.description))
        }

        switch WebhookDecoder.decode(request.body) {
        case .failure(let error):
            logger.warning("webhook malformed", ["webhook.error": .string(error.code), "webhook.detail": .string(error.description)])
            return .now(.error(.badRequest, code: error.code, detail: error.description))
        case .success(.urlValidation(let plainToken)):
            logger.info("webhook url validation answered", ["webhook.secret": .int(key.index)])
            return .now(Self.json(.ok, ["plainToken": plainToken, "encryptedToken": key.encryptedToken(for: plainToken)]))
        case .success(.other(let event)):
            logger.info("webhook event ignored", ["webhook.event": .string(event)])
            return .now(Response(status: .noContent))
        case .success(.recording(let event)):
            return store(event, receivedAt: receivedAt, responder: responder)
        }
    }

    private func store(_ event: RecordingEvent, receivedAt: Int64, responder: Responder) -> Reply {
        let segments = event.segments()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var jobs: [NewJob] = []
        for segment in segments {
            guard let payload = try? encoder.encode(segment) else {
                return .now(.error(.internalServerError, detail: "could not encode the recording segment"))
            }
            jobs.append(NewJob(dedupeKey: segment.dedupeKey, kind: segment.kind.rawValue, meetingUUID: segment.meeting.uuid,
                               recordingStart: segment.recordingStart, hostEmail: segment.meeting.hostEmail,
                               topic: segment.meeting.topic, payload: Array(payload)))
        }
        let fields: [String: LogValue] = ["webhook.event": .string(event.kind.rawValue),
                                          "meeting.uuid": .string(event.meeting.uuid),
                                          "meeting.segments": .int(segments.count)]
        let logger = self.logger
        store.enqueue(jobs, receivedAt: receivedAt) { result in
            switch result {
            case .success(let outcome):
                var logged = fields
                logged["jobs.new"] = .int(outcome.inserted)
                logged["jobs.duplicate"] = .int(outcome.duplicates)
                logger.info(outcome.inserted > 0 ? "webhook stored" : "webhook repeated", logged)
                responder.respond(Self.json(.ok, ["status": "stored", "jobs": outcome.ids, "new": outcome.inserted,
                                                  "duplicates": outcome.duplicates]))
            case .failure(let error):
                var logged = fields
                logged["error"] = .string(error.description)
                logger.error("webhook not stored; answering 503 so that Zoom retries", logged)
                responder.respond(.error(.serviceUnavailable, code: "store_unavailable",
                                         detail: "the job store is unavailable; retry later", headers: [("Retry-After", "60")]))
            }
        }
        return .later
    }

    /// `application/json`, with or without parameters such as `charset=utf-8`.
    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
        return mediaType.trimmingCharacters(in: .whitespaces).lowercased() == "application/json"
    }

    static func json(_ status: HTTPStatus, _ object: [String: Any]) -> Response {
        let body = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return .json(status, Array(body))
    }
}
