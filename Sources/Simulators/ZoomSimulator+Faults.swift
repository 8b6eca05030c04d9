/// Faults a test arms at runtime; each use is counted in `counters.faults`.
extension ZoomSimulator {
    /// The next `count` download URL requests answer `status` (default 500) with an HTML body.
    public func failNextDownloads(_ count: Int, status: Int = 500) {
        store.state.withLock { $0.failDownloads = ArmedFault(remaining: count, detail: status) }
    }

    /// The next `count` CDN responses stop after `afterBytes` body bytes and close the connection.
    public func resetNextDownloads(_ count: Int, afterBytes: Int) {
        store.state.withLock { $0.resetDownloads = ArmedFault(remaining: count, detail: max(0, afterBytes)) }
    }

    /// From now on every download-URL request and every CDN request, each on its own, meets
    /// with probability `rate` one fault picked at random: HTTP 500 with an HTML body, 429 with
    /// `Retry-After: 0` or `1`, or a reset (at the download URL: headers, then the connection
    /// closes; at the CDN: the body stops after a random number of bytes, fewer than it
    /// promised). Counted in `counters.faults` as `fail`, `rateLimit` and `reset`, like the
    /// armed faults, which go first. The sequence is fixed by `seed`; calling this again
    /// restarts it. `rate` 0 turns random faults off. The OAuth and recordings API are spared.
    public func randomFaults(rate: Double, seed: UInt64) {
        store.state.withLock { $0.randomFaults = RandomFaults(rate: rate, seed: seed) }
    }

    /// Every download token issued so far expires now (new ones are valid).
    public func expireDownloadTokens() {
        store.state.withLock { state in
            for key in state.downloadTokens.keys { state.downloadTokens[key]?.expires = 0 }
        }
    }

    /// Every OAuth access token issued so far expires now.
    public func expireAccessTokens() {
        store.state.withLock { state in
            for key in state.accessTokens.keys { state.accessTokens[key] = 0 }
        }
    }

    /// The next `count` requests (OAuth, API or download URL) answer 429 with `Retry-After`.
    public func rateLimitNext(_ count: Int, retryAfter seconds: Int = 1) {
        store.state.withLock { $0.rateLimit = ArmedFault(remaining: count, detail: seconds) }
    }

    /// Throttle CDN bodies to about `bytesPerSecond` per download (nil: full speed). The delay
    /// blocks one of the simulator's event loops per piece: keep it for slow-transfer tests.
    public func slowDownloads(bytesPerSecond: Int?) {
        store.state.withLock { $0.bytesPerSecond = bytesPerSecond }
    }

    /// Downloads of `fileID` answer Zoom's 200 `text/html` error page even with a good token
    /// (a deleted file); `false` restores it.
    public func htmlErrorPage(forFile fileID: String, _ enabled: Bool = true) {
        store.state.withLock { state in
            if enabled { state.htmlFiles.insert(fileID) } else { state.htmlFiles.remove(fileID) }
        }
    }

    /// Whether the CDN honours `Range: bytes=N-` (206) or ignores it (200, whole body). Default on.
    public func setRangeSupport(_ enabled: Bool) {
        store.state.withLock { $0.rangeSupport = enabled }
    }
}
