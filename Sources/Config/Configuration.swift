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

    // MARK: What to copy, and for whom

    /// `OVERRIDES_FILE`: a table host email → Kaltura user id (JSON or CSV), consulted before
    /// the matching mode, for people whose emails differ between the systems. Default: none.
    public var overridesFile: String?
    /// `OPT_OUT_FILE`: host emails whose recordings are not copied (JSON or CSV). Default: none.
    public var optOutFile: String?
    /// `COPY_MEETINGS`: copy meeting recordings. Default true.
    public var copyMeetings: Bool = true
    /// `COPY_WEBINARS`: copy webinar recordings (Zoom types 5, 6, 9). Default true.
    public var copyWebinars: Bool = true
    /// `MEETING_CATEGORIES`: full Kaltura category names (`Parent>Child`) meeting entries are
    /// published to. Default none: entries stay private.
    public var meetingCategories: [String] = []
    /// `WEBINAR_CATEGORIES`: the same for webinars. Default none.
    public var webinarCategories: [String] = []
    /// `OPT_IN_GROUPS`: Kaltura group ids; when set, only members' recordings are copied.
    public var optInGroups: [String] = []
    /// `OPT_OUT_GROUPS`: Kaltura group ids whose members' recordings are not copied. Not
    /// together with `OPT_IN_GROUPS`.
    public var optOutGroups: [String] = []
    /// `VIEW_PRIORITY`: Zoom `recording_type`s, best first; the first present in a segment
    /// becomes the entry. Default Kaltura's order (`defaultViewPriority`).
    public var viewPriority: [String] = Configuration.defaultViewPriority
    /// `CHILD_VIEWS`: the segment's other video views become child entries. Default false.
    public var childViews: Bool = false
    /// `KALTURA_CONVERSION_PROFILE_ID`: the transcoding profile of new entries. Default: the
    /// partner's default profile.
    public var conversionProfileID: Int?
    /// `ZOOM_DELETE_AFTER_DAYS`: move a recording to Zoom's trash this many days after a
    /// verified copy; 0 keeps it (Zoom deletes it after its own 30 days). Default 0.
    public var zoomDeleteAfterDays: Int = 0

    /// Kaltura's order of views (`ZoomHelper::ORDER_RECORDING_TYPE`, video views only).
    public static let defaultViewPriority = [
        "shared_screen_with_speaker_view(CC)", "shared_screen_with_speaker_view", "shared_screen_with_gallery_view",
        "shared_screen", "speaker_view", "active_speaker", "gallery_view",
    ]

    // MARK: Jobs

    /// `MAX_ATTEMPTS`: failed attempts before a job fails for good. Default 8.
    public var maxAttempts: Int = 8
    /// `JOB_LEASE`: how long a worker holds a job before another may take it over (the worker
    /// renews it while working). Default 60s.
    public var jobLease: Duration = .seconds(60)
    /// `KALTURA_LIST_LAG`: how long Kaltura's search index may take to list a new entry; after a
    /// lost `media.add` answer the copier waits this long before concluding there is no entry.
    /// Default 30s.
    public var kalturaListLag: Duration = .seconds(30)

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
