import Foundation
import HTTPServer

/// `GET /status` (admin token): what the service is and how long it has run. Later work adds
/// job counts, transfers and failures to `StatusReport`.
public struct StatusRoutes: Sendable {
    /// What `/status` reports, encoded as JSON.
    public struct StatusReport: Codable, Sendable, Equatable {
        public var service: String
        public var version: String
        public var uptimeSeconds: Int
        public var startedAt: String
        public var sandbox: Bool
    }

    let auth: AdminAuth
    let version: String
    let sandbox: Bool
    let started: ContinuousClock.Instant
    let startedAt: Date

    public init(auth: AdminAuth, version: String, sandbox: Bool) {
        self.auth = auth
        self.version = version
        self.sandbox = sandbox
        self.started = .now
        self.startedAt = Date()
    }

    public func register(on router: inout Router) {
        let routes = self
        router.add("GET", "/status", handler: auth.protect { _, _ in .now(routes.status()) })
    }

    func report() -> StatusReport {
        let uptime = ContinuousClock.now - started
        return StatusReport(service: "zoom2kaltura", version: version, uptimeSeconds: Int(uptime.components.seconds),
                            startedAt: startedAt.formatted(.iso8601), sandbox: sandbox)
    }

    private func status() -> Response {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        guard let body = try? encoder.encode(report()) else {
            return .error(.internalServerError, detail: "could not encode the status report")
        }
        return .json(.ok, Array(body))
    }
}
