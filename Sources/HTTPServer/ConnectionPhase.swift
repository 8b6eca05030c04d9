/// Where a connection is in its request/response cycle, and since when (monotonic ns). Pure,
/// so that the timeout rules are tested with made-up instants instead of sleeps.
enum ConnectionPhase: Equatable {
    /// Waiting for the first byte of a request. `first` is true before the first request.
    case idle(since: Int64, first: Bool)
    /// Receiving a header section whose first byte came at `since`.
    case head(since: Int64)
    /// Receiving the body of a request whose head completed at `since`.
    case body(since: Int64)
    /// The handler answers later; it was called at `since`.
    case awaiting(since: Int64)
    /// A response is being written; the last write that made progress was at `since`.
    case writing(since: Int64)
    /// After an error response: reading and discarding what the client still sends, so that
    /// closing does not reset the connection before the client reads the response.
    case lingering(since: Int64)
}

/// The timeout per phase, in nanoseconds.
struct ConnectionTimeouts: Equatable {
    var header: Int64
    var body: Int64
    var idle: Int64
    var write: Int64
    var handler: Int64
    var linger: Int64 = 2_000_000_000

    init(_ configuration: ServerConfiguration) {
        header = configuration.headerTimeout.nanoseconds
        body = configuration.bodyTimeout.nanoseconds
        idle = configuration.idleTimeout.nanoseconds
        write = configuration.writeTimeout.nanoseconds
        handler = configuration.handlerTimeout.nanoseconds
    }

    /// What to do about a connection in `phase` at `now`.
    func action(for phase: ConnectionPhase, now: Int64) -> TimeoutAction {
        switch phase {
        case .idle(let since, let first):
            // A connection that never sent a byte gets the header timeout, not the idle one.
            return now - since >= (first ? header : idle) ? .close : .none
        case .head(let since):
            return now - since >= header ? .requestTimeout : .none
        case .body(let since):
            return now - since >= body ? .requestTimeout : .none
        case .awaiting(let since):
            return now - since >= handler ? .handlerTimeout : .none
        case .writing(let since):
            return now - since >= write ? .close : .none
        case .lingering(let since):
            return now - since >= linger ? .close : .none
        }
    }
}

/// What a timeout asks the loop to do.
enum TimeoutAction: Equatable {
    case none
    /// Close without a response.
    case close
    /// Answer 408 and close: the client was too slow sending its request.
    case requestTimeout
    /// Answer 503 and close: the handler did not answer in time.
    case handlerTimeout
}

extension Duration {
    /// Whole nanoseconds, saturating.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (ns, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : ns &+ attoseconds / 1_000_000_000
    }
}
