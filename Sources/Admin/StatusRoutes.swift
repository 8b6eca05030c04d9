import Foundation
import HTTPServer
import Jobs

/// `GET /status` (admin token): what the service is, how long it has run, how many jobs are in
/// each state and when the last webhook arrived. The counts come from the store's thread, so
/// the answer is sent later and the event loop never waits on the disk.
public struct StatusRoutes: Sendable {
    /// What `/status` reports, encoded as JSON with snake_case keys.
    public struct StatusReport: Codable, Sendable, Equatable {
        public var service: String
        public var version: String
        public var uptimeSeconds: Int
        public var startedAt: String
        public var sandbox: Bool
        /// Jobs per state; every state is present.
        public var jobs: [String: Int]
        /// RFC 3339 time of the last stored webhook, or null.
        public var lastWebhookAt: String?
        public var store: String
        /// Zoom and Kaltura as the workers last found them.
        public var peers: [String: PeerReport]

        private enum CodingKeys: String, CodingKey {
            case service, version, uptimeSeconds, startedAt, sandbox, jobs, lastWebhookAt, store, peers
        }

        /// Writes every key, `last_webhook_at` as null before the first webhook (the API
        /// description promises the key).
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(service, forKey: .service)
            try container.encode(version, forKey: .version)
            try container.encode(uptimeSeconds, forKey: .uptimeSeconds)
            try container.encode(startedAt, forKey: .startedAt)
            try container.encode(sandbox, forKey: .sandbox)
            try container.encode(jobs, forKey: .jobs)
            try container.encode(lastWebhookAt, forKey: .lastWebhookAt)
            try container.encode(store, forKey: .store)
            try container.encode(peers, forKey: .peers)
        }
    }

    /// A peer's state: working, or the problem the workers hit and since when. A problem is
    /// what an operator acts on (credentials refused, the peer unreachable).
    public struct PeerReport: Codable, Sendable, Equatable {
        public var ok: Bool
        public var problem: String?
        /// RFC 3339 time the problem began.
        public var since: String?

        public init(ok: Bool, problem: String? = nil, since: String? = nil) {
            self.ok = ok
            self.problem = problem
            self.since = since
        }
    }

    let auth: AdminAuth
    let version: String
    let sandbox: Bool
    let store: any JobStore
    let peers: @Sendable () -> [String: PeerReport]
    let started: ContinuousClock.Instant
    let startedAt: Date

    /// - Parameter peers: the peers' states by name (`zoom`, `kaltura`), read per request.
    public init(auth: AdminAuth, version: String, sandbox: Bool, store: any JobStore,
                peers: @escaping @Sendable () -> [String: PeerReport] = { [:] }) {
        self.auth = auth
        self.version = version
        self.sandbox = sandbox
        self.store = store
        self.peers = peers
        self.started = .now
        self.startedAt = Date()
    }

    public func register(on router: inout Router) {
        let routes = self
        router.add("GET", "/status", handler: auth.protect { _, responder in
            routes.store.summary { result in responder.respond(routes.response(for: result)) }
            return .later
        })
    }

    func response(for result: Result<StoreSummary, JobStoreError>) -> Response {
        let uptime = ContinuousClock.now - started
        var report = StatusReport(service: "zoom2kaltura", version: version, uptimeSeconds: Int(uptime.components.seconds),
                                  startedAt: startedAt.formatted(.iso8601), sandbox: sandbox,
                                  jobs: Dictionary(uniqueKeysWithValues: JobState.allCases.map { ($0.rawValue, 0) }),
                                  lastWebhookAt: nil, store: "ready", peers: peers())
        switch result {
        case .success(let summary):
            for (state, count) in summary.counts { report.jobs[state.rawValue] = count }
            report.lastWebhookAt = summary.lastWebhookAt.map {
                Date(timeIntervalSince1970: Double($0) / 1000).formatted(.iso8601)
            }
        case .failure(let error):
            report.store = error.description
        }
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        guard let body = try? encoder.encode(report) else {
            return .error(.internalServerError, detail: "could not encode the status report")
        }
        return .json(.ok, Array(body))
    }
}
