/// What a Zoom simulator has seen, for tests to assert on.
public struct ZoomCounters: Sendable, Equatable {
    /// `GET /cdn/…` requests that began sending file bytes (full or ranged).
    public var downloadsStarted = 0
    /// File bytes handed to the server for sending.
    public var bytesServed = 0
    /// Start offsets of every `Range` request honoured.
    public var rangesAsked: [Int] = []
    /// Redirects from a download URL to the CDN.
    public var redirects = 0
    /// Download requests answered with the HTML error page (bad or expired token, unknown file).
    public var htmlErrorPages = 0
    /// Download requests refused with 404 because the file was still `processing`.
    public var processingRefusals = 0
    /// OAuth token requests, good or bad.
    public var tokenRequests = 0
    /// Recordings API calls, good or bad.
    public var apiCalls = 0
    /// Trash/delete calls: the meeting uuid, and the file id when one file was named.
    public var deletions: [String] = []
    /// Injected faults by name (`fail`, `reset`, `rateLimit`, `html`, `slow`), armed or random.
    public var faults: [String: Int] = [:]

    public init() {}
}
