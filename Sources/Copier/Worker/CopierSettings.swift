import Config

/// How the workers copy: the parts of the configuration they use, plus the timings tests
/// shorten. Built from `Configuration` by the service.
public struct CopierSettings: Sendable {
    /// Concurrent copies (`WORKERS`).
    public var workers = 4
    /// Upload chunk size (`CHUNK_SIZE`): memory per copy is about two chunks.
    public var chunkSize = 8 << 20
    public var viewPriority = Configuration.defaultViewPriority
    /// Other video views become child entries (`CHILD_VIEWS`).
    public var childViews = false
    /// Owner of held entries (`HOLDING_USER`) and how long they are kept (`HOLD_HOURS`).
    public var holdingUser = "zoom2kaltura-holding"
    public var holdHours = 24
    public var conversionProfileID: Int?
    /// Days after a verified copy to trash the Zoom recording; 0 keeps it (`ZOOM_DELETE_AFTER_DAYS`).
    public var zoomDeleteAfterDays = 0
    /// Counted attempts before a job fails (`MAX_ATTEMPTS`).
    public var maxAttempts = 8
    /// How long a claimed job is a worker's before another may take it (`JOB_LEASE`).
    public var lease: Duration = .seconds(60)
    /// How long Kaltura's search may take to show a new entry (`KALTURA_LIST_LAG`).
    public var listLag: Duration = .seconds(30)
    /// Backoff between a job's attempts: exponential from `retryBase` up to `retryCap`, jittered.
    public var retryBase: Duration = .seconds(10)
    public var retryCap: Duration = .seconds(900)
    /// Wait while a peer is unreachable or refuses our credentials.
    public var peerDownWait: Duration = .seconds(30)
    /// Wait while Zoom is still processing a file, or a transcript's entry does not exist yet.
    public var notReadyWait: Duration = .seconds(120)
    /// Waits of that kind end in failure once the job is this old.
    public var giveUpAfter: Duration = .seconds(3 * 86_400)
    /// Retries inside one attempt: per chunk, per download restart, per read-only call.
    public var transfer = RetryPolicy()
    /// How often an idle worker looks for jobs whose wait is over (new jobs wake it at once).
    public var pollInterval: Duration = .seconds(1)

    public init() {}

    /// The settings a configuration gives; the timings tests shorten keep their defaults.
    public init(configuration c: Configuration) {
        workers = c.workers
        chunkSize = c.chunkSize
        viewPriority = c.viewPriority
        childViews = c.childViews
        holdingUser = c.holdingUser
        holdHours = c.holdHours
        conversionProfileID = c.conversionProfileID
        zoomDeleteAfterDays = c.zoomDeleteAfterDays
        maxAttempts = c.maxAttempts
        lease = c.jobLease
        listLag = c.kalturaListLag
    }
}

extension Duration {
    /// Whole milliseconds, for the store's clock.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
