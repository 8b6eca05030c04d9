/// Where the time of a request went, for logs, `/status` rates and benchmarks. The phases are
/// libcurl's, measured from the start of the final hop; `total` spans the whole call, redirects
/// included.
public struct HTTPTiming: Sendable, Equatable {
    /// DNS resolution done.
    public var nameLookup: Duration
    /// TCP connected (zero-ish on a reused connection).
    public var connect: Duration
    /// TLS handshake done; zero for plain http.
    public var tlsHandshake: Duration
    /// First response byte about to arrive.
    public var firstByte: Duration
    /// The final hop's transfer, complete.
    public var transfer: Duration
    /// The whole call, redirects included, by the monotonic clock.
    public var total: Duration

    public init(nameLookup: Duration = .zero, connect: Duration = .zero, tlsHandshake: Duration = .zero,
                firstByte: Duration = .zero, transfer: Duration = .zero, total: Duration = .zero) {
        self.nameLookup = nameLookup
        self.connect = connect
        self.tlsHandshake = tlsHandshake
        self.firstByte = firstByte
        self.transfer = transfer
        self.total = total
    }
}
