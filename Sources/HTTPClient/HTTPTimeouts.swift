/// How long a request may take, phase by phase. A stalled peer must not hold a worker for ever,
/// yet a 1 GiB download must not be cut off for taking long: hence a low-speed abort rather
/// than a total limit by default.
public struct HTTPTimeouts: Sendable, Equatable {
    /// Time to establish the TCP connection (and TLS handshake). Default 10 s.
    public var connect: Duration
    /// Time for the whole call, redirects included; nil (the default) for no limit.
    public var total: Duration?
    /// The transfer is aborted when it moves fewer bytes per second than this, averaged over
    /// `lowSpeedWindow`. 0 disables the check. Default 1024.
    public var lowSpeedBytesPerSecond: Int
    /// The window of the low-speed check. libcurl counts it in whole seconds: it is rounded up,
    /// and at least 1 s. Default 60 s.
    public var lowSpeedWindow: Duration

    public init(connect: Duration = .seconds(10), total: Duration? = nil,
                lowSpeedBytesPerSecond: Int = 1024, lowSpeedWindow: Duration = .seconds(60)) {
        self.connect = connect
        self.total = total
        self.lowSpeedBytesPerSecond = lowSpeedBytesPerSecond
        self.lowSpeedWindow = lowSpeedWindow
    }
}

extension Duration {
    /// Whole milliseconds, rounded up, at least 1 (libcurl reads 0 as "no limit").
    var curlMilliseconds: Int {
        let (seconds, attoseconds) = components
        let ms = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int(max(1, ms))
    }

    /// Whole seconds, rounded up, at least 1.
    var curlSeconds: Int {
        let (seconds, attoseconds) = components
        return Int(max(1, seconds + (attoseconds > 0 ? 1 : 0)))
    }
}
