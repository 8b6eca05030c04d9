import Crypto
import Foundation
import HTTP1
import HTTPServer
import Jobs
import Platform

/// `GET /status`: a JSON report for API clients (admin token), or a self-contained live page
/// for browsers (no token needed: the page holds no data; it asks for the token and fetches
/// the JSON itself). The report is put together on a background queue, since the counts and
/// failures come from the store: the event loop never waits.
public struct StatusRoutes: Sendable {
    /// What the report reads besides the store, each read per request.
    public struct Sources: Sendable {
        /// The effective configuration, secrets masked (`Configuration.summary`).
        public var configuration: [ConfigurationItem]
        /// The peers' states by name (`zoom`, `kaltura`).
        public var peers: @Sendable () -> [String: PeerReport]
        /// Files being copied now, at the time given (ms since the epoch).
        public var transfers: @Sendable (_ now: Int64) -> [TransferReport]
        /// Bytes copied per minute over the last hour, oldest first.
        public var throughputLastHour: @Sendable () -> [Int64]
        public var webhooks: @Sendable () -> WebhookReport
        /// The last failed jobs, newest first (blocking); nil: the store's
        /// `JobAdministration.listJobs`, when the store has it.
        public var failures: (@Sendable () throws(JobStoreError) -> [Job])?

        public init(configuration: [ConfigurationItem] = [], peers: @escaping @Sendable () -> [String: PeerReport] = { [:] },
                    transfers: @escaping @Sendable (_ now: Int64) -> [TransferReport] = { _ in [] },
                    throughputLastHour: @escaping @Sendable () -> [Int64] = { [] },
                    webhooks: @escaping @Sendable () -> WebhookReport = { WebhookReport() },
                    failures: (@Sendable () throws(JobStoreError) -> [Job])? = nil) {
            self.configuration = configuration
            self.peers = peers
            self.transfers = transfers
            self.throughputLastHour = throughputLastHour
            self.webhooks = webhooks
            self.failures = failures
        }
    }

    /// How many failed jobs the report lists.
    public static let failureLimit = 50

    let auth: AdminAuth
    let version: String
    let sandbox: Bool
    let store: any JobStore
    let sources: Sources
    let now: @Sendable () -> Int64
    let started: ContinuousClock.Instant
    let startedAt: Date

    /// - Parameters:
    ///   - store: the job store: counts by state, and the failures from its
    ///     `JobAdministration.listJobs` unless `sources` gives them.
    ///   - now: the wall clock in milliseconds since the epoch (tests pass their own).
    public init(auth: AdminAuth, version: String, sandbox: Bool, store: any JobStore, sources: Sources = Sources(),
                now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }) {
        self.auth = auth
        self.version = version
        self.sandbox = sandbox
        self.store = store
        self.sources = sources
        self.now = now
        self.started = .now
        self.startedAt = Date()
    }

    public func register(on router: inout Router) {
        let routes = self
        router.add("GET", "/status") { request, responder in
            if StatusNegotiation.prefersHTML(request.headers["Accept"]) { return .now(StatusPage.response()) }
            if let refusal = routes.auth.reject(request) { return .now(refusal) }
            return .background(responder, qos: .utility) { routes.response() }
        }
    }

    /// The JSON answer (blocks on the store: call it off the event loop).
    func response() -> Response {
        guard let body = try? report().json() else {
            return .error(.internalServerError, detail: "could not encode the status report")
        }
        var response = Response.json(.ok, body)
        response.headers.add(name: "Cache-Control", value: "no-store")
        response.headers.add(name: "Vary", value: "Accept")
        return response
    }

    /// The report as of now (blocks on the store).
    func report() -> StatusReport {
        let now = self.now()
        let uptime = ContinuousClock.now - started
        var report = StatusReport(
            service: "zoom2kaltura", version: version, uptimeSeconds: Int(uptime.components.seconds),
            startedAt: RFC3339.format(milliseconds: Int64(startedAt.timeIntervalSince1970 * 1000)), sandbox: sandbox, configuration: sources.configuration,
            jobs: Dictionary(uniqueKeysWithValues: JobState.allCases.map { ($0.rawValue, 0) }), lastWebhookAt: nil,
            webhooks: sources.webhooks(), store: "ready", transfers: sources.transfers(now),
            throughputLastHour: sources.throughputLastHour(), failures: [], peers: sources.peers())
        do throws(JobStoreError) {
            let summary = try store.summaryAndWait()
            for (state, count) in summary.counts { report.jobs[state.rawValue] = count }
            report.lastWebhookAt = summary.lastWebhookAt.map { RFC3339.format(milliseconds: $0) }
            if let failures = sources.failures {
                report.failures = try failures().prefix(Self.failureLimit).map(Self.failure)
            } else if let administration = store as? any JobAdministration {
                report.failures = try administration.listJobs(JobQuery(states: [.failed], limit: Self.failureLimit)).jobs
                    .map(Self.failure)
            }
        } catch {
            report.store = error.description
        }
        return report
    }

    static func failure(_ job: Job) -> FailureReport {
        FailureReport(jobID: job.id, meetingUUID: job.meetingUUID, topic: job.topic, hostEmail: job.hostEmail,
                      reason: job.reason ?? "", attempts: job.attempts, failedAt: RFC3339.format(milliseconds: job.updatedAt))
    }
}

/// Whether a request for `/status` wants the page: a browser's `Accept` ranks `text/html`
/// above JSON. A missing `Accept`, `*/*` and `application/json` get the JSON.
public enum StatusNegotiation {
    public static func prefersHTML(_ accept: String?) -> Bool {
        guard let accept else { return false }
        let ranges = accept.split(separator: ",").compactMap(MediaRange.init)
        return quality(of: ("text", "html"), in: ranges) > quality(of: ("application", "json"), in: ranges)
    }

    /// The q of the most specific range matching `type` (0 when none does).
    static func quality(of type: (String, String), in ranges: [MediaRange]) -> Double {
        var best: (specificity: Int, q: Double) = (-1, 0)
        for range in ranges {
            let specificity: Int
            if range.type == type.0 && range.subtype == type.1 {
                specificity = 2
            } else if range.type == type.0 && range.subtype == "*" {
                specificity = 1
            } else if range.type == "*" && range.subtype == "*" {
                specificity = 0
            } else {
                continue
            }
            if specificity > best.specificity { best = (specificity, range.q) }
        }
        return best.q
    }

    struct MediaRange {
        var type: String
        var subtype: String
        var q: Double

        init?(_ text: Substring) {
            let parts = text.split(separator: ";")
            guard let mediaType = parts.first else { return nil }
            let names = mediaType.trimmingCharacters(in: .whitespaces).lowercased().split(separator: "/")
            guard names.count == 2 else { return nil }
            type = String(names[0])
            subtype = String(names[1])
            q = 1
            for parameter in parts.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if pair.count == 2, pair[0].lowercased() == "q" { q = min(max(Double(pair[1]) ?? 0, 0), 1) }
            }
        }
    }
}
