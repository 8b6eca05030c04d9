/// What a Kaltura simulator has seen, for tests to assert on.
public struct KalturaCounters: Sendable, Equatable {
    /// API calls by `service.action` (lowercase), whatever their outcome.
    public var calls: [String: Int] = [:]
    /// Error codes returned, by code.
    public var errors: [String: Int] = [:]
    /// `uploadToken.upload` calls and the chunk bytes they carried.
    public var uploadChunks = 0
    public var uploadedBytes = 0
    /// Injected faults by name (`fail`, `rateLimit`, `chunkFail`, `reset`, `lostAnswer`), armed
    /// or random.
    public var faults: [String: Int] = [:]

    public init() {}
}
