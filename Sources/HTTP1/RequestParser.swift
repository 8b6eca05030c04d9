/// A strict HTTP/1.1 request parser: a value-type state machine over bytes, with no I/O, no clock
/// and no Foundation, so that it can be tested and fuzzed on its own.
///
/// The caller owns the buffer. It passes every byte it has not yet seen consumed, and drops the
/// first `consumed` bytes of each step; bytes it appends later keep the earlier ones in place
/// (picohttpparser's contract), which lets the parser resume a scan instead of restarting it.
///
/// ```
/// var parser = RequestParser()
/// loop: while true {
///     let step = buffer.withUnsafeBytes { parser.parse($0) }
///     defer { buffer.removeFirst(step.consumed) }   // after reading any body range
///     switch step.event {
///     case .head(let head): parser.setBodyLimit(route(head).limit)
///     case .body(let range): body.append(contentsOf: buffer[range])
///     case .end: dispatch()          // the parser is ready for a pipelined request
///     case .needMore: break loop
///     case .error(let e): answer(e.status); close()
///     }
/// }
/// ```
/// Every leniency is off: see `HTTPParseError` for what is rejected and why.
public struct RequestParser: Sendable {
    /// What one call to `parse` found.
    public enum Event: Sendable, Equatable {
        /// The input ends inside a syntactic unit; call again with more bytes.
        case needMore
        /// A complete, validated request line and header section.
        case head(RequestHead)
        /// Body bytes, as a range of the input given to this call.
        case body(Range<Int>)
        /// The request, body included, is complete and correctly framed.
        case end
        /// The request is invalid; the parser stays failed.
        case error(HTTPParseError)
    }

    /// One call's result: the event and how many input bytes it used.
    public struct Step: Sendable, Equatable {
        public var event: Event
        public var consumed: Int
    }

    struct HeadScan: Sendable {
        /// Bytes of the head examined so far (relative to the first unconsumed byte).
        var scanned = 0
        /// Index just past the request line's LF, once seen.
        var requestLineEnd = -1
        /// Index of the first SP of the request line, once seen.
        var firstSpace = -1
        /// Index of the SP after the request-target, once seen.
        var secondSpace = -1
        /// Empty lines skipped before the request line (RFC 9112 §2.2), counted against the limit.
        var skipped = 0
    }

    enum State: Sendable {
        case head(HeadScan)
        case beginBody(BodyFraming)
        case fixedBody(remaining: Int)
        case chunkSize(scanned: Int)
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers(scanned: Int, bytes: Int)
        case complete
        case failed(HTTPParseError)
    }

    let limits: ParserLimits
    var state: State = .head(HeadScan())
    var bodyLimit: Int
    var bodyReceived = 0
    var extensionBytes = 0

    /// - Parameter limits: the bounds to enforce; see `ParserLimits`.
    public init(limits: ParserLimits = ParserLimits()) {
        self.limits = limits
        self.bodyLimit = limits.maxBodyBytes
    }

    /// Sets the body limit for the request whose head was just returned (a route's own limit).
    /// It applies until that request ends; the next one starts from `ParserLimits.maxBodyBytes`.
    public mutating func setBodyLimit(_ bytes: Int) {
        bodyLimit = bytes
    }

    /// Whether the parser is between requests with nothing of the next one seen yet: the moment
    /// a server may close an idle keep-alive connection without cutting a request short.
    /// Empty lines already skipped (and consumed) before a request line do not count.
    public var isIdle: Bool {
        if case .head(let scan) = state { return scan.scanned == 0 }
        return false
    }

    /// Parses as far as the input allows and returns the first event found.
    /// - Parameter input: every byte not yet consumed, oldest first.
    /// - Returns: the event and the number of leading input bytes it used.
    public mutating func parse(_ input: UnsafeRawBufferPointer) -> Step {
        var offset = 0
        while true {
            switch state {
            case .failed(let error):
                return Step(event: .error(error), consumed: offset)

            case .head(var scan):
                switch scanHead(input, offset: offset, scan: &scan) {
                case .incomplete(let skippedNow):
                    state = .head(scan)
                    return Step(event: .needMore, consumed: offset + skippedNow)
                case .failed(let error):
                    return fail(error, consumed: offset)
                case .complete(let end, let skippedNow):
                    // `end` and `requestLineEnd` count from the first byte after skipped empty lines.
                    let start = offset + skippedNow
                    let bytes = UnsafeRawBufferPointer(rebasing: input[start..<(start + end)])
                    switch HeadDecoder.decode(bytes, requestLineEnd: scan.requestLineEnd, limits: limits) {
                    case .success(let head):
                        state = .beginBody(head.framing)
                        return Step(event: .head(head), consumed: start + end)
                    case .failure(let error):
                        return fail(error, consumed: offset)
                    }
                }

            case .beginBody(let framing):
                switch framing {
                case .none:
                    state = .complete
                case .length(let length):
                    if length > bodyLimit { return fail(.bodyTooLarge, consumed: offset) }
                    state = length == 0 ? .complete : .fixedBody(remaining: length)
                case .chunked:
                    state = .chunkSize(scanned: 0)
                }

            case .fixedBody(let remaining):
                let n = min(remaining, input.count - offset)
                if n == 0 { return Step(event: .needMore, consumed: offset) }
                state = remaining == n ? .complete : .fixedBody(remaining: remaining - n)
                return Step(event: .body(offset..<(offset + n)), consumed: offset + n)

            case .chunkSize(let scanned):
                switch findLine(input, from: offset, scanned: scanned, max: limits.maxChunkLineBytes) {
                case .incomplete(let now):
                    state = .chunkSize(scanned: now)
                    return Step(event: .needMore, consumed: offset)
                case .failed(let error):
                    return fail(error == .headersTooLarge ? .chunkExtensionsTooLarge : error, consumed: offset)
                case .line(let end):
                    let line = UnsafeRawBufferPointer(rebasing: input[offset..<(end - 2)])
                    switch ChunkLine.parse(line) {
                    case .failure(let error): return fail(error, consumed: offset)
                    case .success(let chunk):
                        extensionBytes += chunk.extensionBytes
                        if extensionBytes > limits.maxChunkExtensionBytes {
                            return fail(.chunkExtensionsTooLarge, consumed: offset)
                        }
                        if chunk.size > bodyLimit - bodyReceived { return fail(.bodyTooLarge, consumed: offset) }
                        bodyReceived += chunk.size
                        state = chunk.size == 0 ? .trailers(scanned: 0, bytes: 0) : .chunkData(remaining: chunk.size)
                        offset = end
                    }
                }

            case .chunkData(let remaining):
                let n = min(remaining, input.count - offset)
                if n == 0 { return Step(event: .needMore, consumed: offset) }
                state = remaining == n ? .chunkDataEnd : .chunkData(remaining: remaining - n)
                return Step(event: .body(offset..<(offset + n)), consumed: offset + n)

            case .chunkDataEnd:
                let available = input.count - offset
                if available >= 1, input[offset] != ByteClass.cr { return fail(.badChunkFraming, consumed: offset) }
                if available >= 2, input[offset + 1] != ByteClass.lf { return fail(.badChunkFraming, consumed: offset) }
                if available < 2 { return Step(event: .needMore, consumed: offset) }
                offset += 2
                state = .chunkSize(scanned: 0)

            case .trailers(let scanned, let bytes):
                let budget = limits.maxHeaderBytes - bytes
                switch findLine(input, from: offset, scanned: scanned, max: budget - 2) {
                case .incomplete(let now):
                    state = .trailers(scanned: now, bytes: bytes)
                    return Step(event: .needMore, consumed: offset)
                case .failed(let error):
                    return fail(error == .headersTooLarge ? .trailersTooLarge : error, consumed: offset)
                case .line(let end):
                    if end - offset == 2 {
                        state = .complete
                    } else {
                        let line = UnsafeRawBufferPointer(rebasing: input[offset..<(end - 2)])
                        if FieldLine.parse(line) == nil { return fail(.badTrailer, consumed: offset) }
                        state = .trailers(scanned: 0, bytes: bytes + end - offset)
                    }
                    offset = end
                }

            case .complete:
                state = .head(HeadScan())
                bodyLimit = limits.maxBodyBytes
                bodyReceived = 0
                extensionBytes = 0
                return Step(event: .end, consumed: offset)
            }
        }
    }

    private mutating func fail(_ error: HTTPParseError, consumed: Int) -> Step {
        state = .failed(error)
        return Step(event: .error(error), consumed: consumed)
    }
}
