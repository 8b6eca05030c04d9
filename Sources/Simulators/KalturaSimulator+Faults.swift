/// Faults a test arms at runtime; each use is counted in `counters.faults`.
extension KalturaSimulator {
    /// The next `count` API calls answer HTTP `status` (default 500) with an HTML body.
    public func failNextCalls(_ count: Int, status: Int = 500) {
        store.state.withLock { $0.failCalls = ArmedFault(remaining: count, detail: status) }
    }

    /// The next `count` `uploadToken.upload` calls fail with INTERNAL_SERVERL_ERROR (sic), the
    /// chunk not written.
    public func failNextUploadChunks(_ count: Int) {
        store.state.withLock { $0.failChunks = ArmedFault(remaining: count, detail: ()) }
    }

    /// The next `count` API calls answer 429 with `Retry-After: seconds`.
    public func rateLimitNext(_ count: Int, retryAfter seconds: Int = 1) {
        store.state.withLock { $0.rateLimit = ArmedFault(remaining: count, detail: seconds) }
    }

    /// The next `count` `uploadToken.upload` calls get response headers and then a closed
    /// connection instead of a body. With `afterProcessing` the chunk was written first (the
    /// client cannot know whether it landed); otherwise it was not.
    public func resetNextUploads(_ count: Int, afterProcessing: Bool = false) {
        store.state.withLock { $0.resetUploads = ArmedFault(remaining: count, detail: afterProcessing) }
    }

    /// The next `count` calls of `call` (`"uploadToken.add"`, `"media.add"`, …) are carried out,
    /// then their answers are lost (the connection closes mid-response): the client cannot know
    /// that the server acted.
    public func loseNextAnswers(to call: String, _ count: Int) {
        store.state.withLock { $0.lostAnswers[call.lowercased(), default: 0] += count }
    }

    /// From now on every API call, with probability `rate`, meets one fault picked at random:
    /// HTTP 500 with an HTML body, 429 with `Retry-After: 0` or `1`, or a reset (response
    /// headers, then the connection closes: no answer the client can use; the call is not
    /// carried out, so an upload's chunk is not written). Counted in `counters.faults` as
    /// `fail`, `rateLimit` and `reset`, like the armed faults, which go first. The sequence is
    /// fixed by `seed`; calling this again restarts it. `rate` 0 turns random faults off.
    public func randomFaults(rate: Double, seed: UInt64) {
        store.state.withLock { $0.randomFaults = RandomFaults(rate: rate, seed: seed) }
    }

    /// Every KS issued or seen so far becomes invalid: INVALID_KS with the real expired shape.
    public func expireSessions() {
        store.state.withLock { state in
            state.revokedKS.formUnion(state.seenKS)
            state.seenKS = []
        }
    }

    /// `list` results leave out entries created less than `seconds` ago (the search index lag).
    public func listLag(seconds: Int) {
        store.state.withLock { $0.listLag = Int64(max(0, seconds)) }
    }
}
