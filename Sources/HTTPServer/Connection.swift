import HTTP1

/// One accepted socket and the request it is working on. Owned by one event loop and touched
/// only on that loop's thread; the loop closes `fd`.
final class Connection {
    let fd: Int32
    /// Tells this connection apart from a later one that reuses the same fd number.
    let generation: UInt32
    var parser: RequestParser
    var phase: ConnectionPhase
    /// The epoll events currently registered.
    var interest: UInt32

    /// Received bytes the parser has not consumed yet (an incomplete head, pipelined requests).
    var inbound: [UInt8] = []
    /// Encoded bytes not yet written, from `outboundOffset` on.
    var outbound: [UInt8] = []
    var outboundOffset = 0
    /// A streamed body still being produced, and how much of it has been.
    var stream: BodyStream?
    var streamOffset = 0

    /// The request being received or answered.
    var head: RequestHead?
    var body: [UInt8] = []
    var match: Router.Match = .notFound

    /// Close once the current response is written.
    var closeAfterResponse = false
    /// After the response, half-close and discard input for a while instead of closing at once.
    var lingerAfterResponse = false
    var lingerDiscarded = 0

    init(fd: Int32, generation: UInt32, limits: ParserLimits, now: Int64, interest: UInt32) {
        self.fd = fd
        self.generation = generation
        self.parser = RequestParser(limits: limits)
        self.phase = .idle(since: now, first: true)
        self.interest = interest
    }

    /// The epoll data word: generation in the high half, fd in the low half.
    var token: UInt64 { UInt64(generation) << 32 | UInt64(UInt32(bitPattern: fd)) }

    var hasPendingOutput: Bool { outboundOffset < outbound.count }

    /// Whether the connection is receiving a request (or waiting for one).
    var isReading: Bool {
        switch phase {
        case .idle, .head, .body: true
        case .awaiting, .writing, .lingering: false
        }
    }
}
