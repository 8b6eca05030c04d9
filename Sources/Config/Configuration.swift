import Logging

/// The service's whole configuration, read once from environment variables at start and
/// validated up front (`Configuration.load`). Nothing else reads the environment.
///
/// Names and defaults are fixed by the design (DESIGN.md §5) because deployments rely on them;
/// README.md's configuration table lists the same.
public struct Configuration: Sendable {
    // MARK: Service

    /// `LISTEN`: address and port to serve on. Default `0.0.0.0:8080`.
    public var listenHost: String = "0.0.0.0"
    public var listenPort: Int = 8080
    /// `ADMIN_TOKEN`: bearer token for the admin endpoints. Required outside sandbox mode; in
    /// sandbox mode the service generates one into the data directory when unset.
    public var adminToken: Secret?
    /// `DATABASE_URL`: the job store. Default `sqlite:./data/zoom2kaltura.db`.
    public var database: Database = .sqlite(path: "./data/zoom2kaltura.db")
    /// `WORKERS`: concurrent copies. Default 4.
    public var workers: Int = 4
    /// `CHUNK_SIZE`: upload chunk size. Default 8 MiB.
    public var chunkSize: Int = 8 << 20
    /// `LOG_LEVEL`: debug, info, warning, error. Default info.
    public var logLevel: Logger.Level = .info

    // MARK: Zoom

    /// `ZOOM_WEBHOOK_SECRET`: the Marketplace app's secret token, to verify webhooks.
    public var zoomWebhookSecret: Secret?
    /// `ZOOM_WEBHOOK_SECRET_NEXT`: a second accepted secret while rotating.
    public var zoomWebhookSecretNext: Secret?
    /// `WEBHOOK_PATH`: where Zoom posts events. Default `/webhooks/zoom`.
    public var webhookPath: String = "/webhooks/zoom"
    /// `WEBHOOK_TIMESTAMP_WINDOW`: how far a webhook's timestamp may be from our clock. Default 300s.
    public var webhookTimestampWindow: Duration = .seconds(300)
    /// `ZOOM_ACCOUNT_ID`, `ZOOM_CLIENT_ID`, `ZOOM_CLIENT_SECRET`: Server-to-Server OAuth app
    /// (optional; all three or none).
    public var zoomAccountID: String?
    public var zoomClientID: String?
    public var zoomClientSecret: Secret?
    /// `ZOOM_API_URL`. Default `https://api.zoom.us/v2`.
    public var zoomAPIURL: String = "https://api.zoom.us/v2"
    /// `ZOOM_OAUTH_URL`. Default `https://zoom.us/oauth/token`.
    public var zoomOAuthURL: String = "https://zoom.us/oauth/token"
    /// `ZOOM_DOWNLOAD_HOSTS`: where recordings may be downloaded from. Default `zoom.us,*.zoom.us`.
    public var zoomDownloadHosts: [HostRule] = [HostRule(scheme: "https", host: "zoom.us", port: nil),
                                                HostRule(scheme: "https", host: "*.zoom.us", port: nil)]

    // MARK: Kaltura

    /// `KALTURA_SERVICE_URL`: e.g. `https://www.kaltura.com`. Unset: sandbox mode, against the
    /// built-in simulators.
    public var kalturaServiceURL: String?
    /// `KALTURA_PARTNER_ID`.
    public var kalturaPartnerID: Int?
    /// `KALTURA_ADMIN_SECRET`.
    public var kalturaAdminSecret: Secret?
    /// `KALTURA_USER_MATCHING`: how a host email becomes a Kaltura user id. Default `email`.
    public var userMatching: UserMatching = .email
    /// `KALTURA_USER_SUFFIX`: the suffix for `add-suffix` and `remove-suffix`, e.g. `@uni.edu`.
    public var userSuffix: String?
    /// `UNMATCHED_POLICY`: what to do when the host has no Kaltura account. Default `hold`.
    public var unmatchedPolicy: UnmatchedPolicy = .hold
    /// `HOLDING_USER`: owner of held entries. Default `zoom2kaltura-holding`.
    public var holdingUser: String = "zoom2kaltura-holding"
    /// `HOLD_HOURS`: hours before a held entry is deleted. Default 24.
    public var holdHours: Int = 24

    // MARK: HTTP server

    /// `EVENT_LOOPS`: event loop threads. Default: the CPUs available to the process.
    public var eventLoops: Int = 1
    /// `MAX_CONNECTIONS`: open connections at most. Default 10000.
    public var maxConnections: Int = 10_000
    /// `HTTP_HEADER_TIMEOUT`: time to send a request's headers. Default 10s.
    public var headerTimeout: Duration = .seconds(10)
    /// `HTTP_BODY_TIMEOUT`: time to send a request's body. Default 30s.
    public var bodyTimeout: Duration = .seconds(30)
    /// `HTTP_IDLE_TIMEOUT`: keep-alive idle time. Default 60s.
    public var idleTimeout: Duration = .seconds(60)
    /// `HTTP_WRITE_TIMEOUT`: time a response write may stall. Default 30s.
    public var writeTimeout: Duration = .seconds(30)
    /// `SHUTDOWN_GRACE`: time in-flight work gets after SIGTERM. Default 25s.
    public var shutdownGrace: Duration = .seconds(25)

    public init() {}

    /// Sandbox mode: no Kaltura configured, so the service runs against its own simulators.
    public var isSandbox: Bool { kalturaServiceURL == nil }
}

/// Where jobs are stored.
public enum Database: Sendable, Equatable {
    /// An SQLite file (created with its directory when missing).
    case sqlite(path: String)
    /// A PostgreSQL connection URL; it may hold a password, so it is a secret.
    case postgres(url: Secret, display: String)
}

/// `KALTURA_USER_MATCHING` values (DESIGN.md §4).
public enum UserMatching: String, Sendable, CaseIterable {
    case email
    case addSuffix = "add-suffix"
    case removeSuffix = "remove-suffix"
    case lookup
}

/// `UNMATCHED_POLICY` values (DESIGN.md §4).
public enum UnmatchedPolicy: String, Sendable, CaseIterable {
    case hold
    case skip
    case createUser = "create-user"
}
