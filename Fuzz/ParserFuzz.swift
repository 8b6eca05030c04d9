// libFuzzer target for the HTTP/1.1 request parser (Sources/HTTP1). Built outside SwiftPM by
// Fuzz/run.sh, which compiles the HTTP1 sources and this file into one module: only the public
// API is used here, exactly as the server uses it. See Fuzz/README.md.
//
// Each input is parsed three ways (whole; cut at two points derived from the input; byte by byte
// for inputs up to `byteByByteMax`) with the caller contract of `RequestParser.parse`, and the
// outcomes must be identical. Every step is checked against the parser's documented contract
// (see `Driver.check`), and every `parse` call gets an exactly sized heap copy of the pending
// bytes so that AddressSanitizer catches any read outside the input it was given.

/// Small limits, so that inputs of a few KiB reach every limit path.
let fuzzLimits = ParserLimits(
    maxTargetBytes: 512,
    maxHeaderBytes: 2048,
    maxHeaderCount: 16,
    maxBodyBytes: 4096,
    maxChunkLineBytes: 64,
    maxChunkExtensionBytes: 256
)

/// Inputs up to this size are also fed one byte at a time.
let byteByByteMax = 512

/// One complete request: its head (method, target, version, headers, keep-alive, framing,
/// expect-continue) and its decoded body.
struct Message: Equatable {
    var head: RequestHead
    var body: [UInt8]
}

/// Everything the caller can observe once the input has been fed.
struct Outcome: Equatable {
    var messages: [Message] = []
    var error: HTTPParseError?
    /// An unfinished request is left when the input ends (same rule as ParseDriver).
    var pending = false
    /// Bytes still held by the caller when the input ended, without an error.
    var leftover = 0
}

/// Feeds bytes to a `RequestParser` like Tests/HTTP1Tests/ParseDriver.swift (and the server's
/// connection) does, and checks every step.
struct Driver {
    let limits: ParserLimits
    /// A route's body limit, set after every head as a route would; nil keeps the default.
    let routeLimit: Int?
    /// Upper bound on non-`needMore` steps: each head and body step consumes at least one byte
    /// and each end follows a head, so a correct parser needs at most two steps per byte.
    let maxSteps: Int

    var parser: RequestParser
    var outcome = Outcome()
    var buffer: [UInt8] = []
    var head: RequestHead?
    var body: [UInt8] = []
    /// The body limit in force for the open message.
    var bodyLimit = 0
    /// Bytes consumed since the previous message ended and before its head (skipped empty lines
    /// plus the head itself): never more than `maxHeaderBytes`.
    var headBytes = 0
    var steps = 0

    init(limits: ParserLimits, routeLimit: Int?, totalBytes: Int) {
        self.limits = limits
        self.routeLimit = routeLimit
        self.maxSteps = 2 * totalBytes + 2
        parser = RequestParser(limits: limits)
    }

    mutating func feed(_ bytes: ArraySlice<UInt8>) {
        guard outcome.error == nil else { return }
        buffer.append(contentsOf: bytes)
        while true {
            // An exactly sized copy: ASan reports any read before or after the given bytes
            // (an Array's spare capacity would hide an over-read).
            let input = UnsafeMutableRawBufferPointer.allocate(byteCount: buffer.count, alignment: 1)
            defer { input.deallocate() }
            buffer.withUnsafeBytes { input.copyMemory(from: $0) }
            let step = parser.parse(UnsafeRawBufferPointer(input))
            require(step.consumed >= 0 && step.consumed <= input.count,
                    "consumed \(step.consumed) of \(input.count) bytes")
            if case .needMore = step.event {
                buffer.removeFirst(step.consumed)
                if head == nil { headBytes += step.consumed }
                require(headBytes <= limits.maxHeaderBytes, "skipped \(headBytes) bytes before a head")
                // A server closes an idle keep-alive connection when isIdle: it must not be
                // true while bytes of the next request wait (a lone CR, which can only start an
                // empty line to skip, is not part of a request).
                require(!parser.isIdle || buffer.isEmpty || buffer == [0x0D],
                        "isIdle with \(buffer.count) bytes pending")
                return
            }
            steps += 1
            require(steps <= maxSteps, "no progress: \(steps) steps for \(maxSteps / 2 - 1) bytes")
            if !check(step, input: UnsafeRawBufferPointer(input)) { return }
            buffer.removeFirst(step.consumed)
        }
    }

    /// Checks one step other than `needMore` and records it.
    /// - Returns: false when the step ended the input (an error).
    mutating func check(_ step: RequestParser.Step, input: UnsafeRawBufferPointer) -> Bool {
        // A Content-Length over the limit must be refused before any of the body is delivered.
        if let head, case .length(let length) = head.framing, length > bodyLimit, body.isEmpty {
            guard case .error(let e) = step.event, e == .bodyTooLarge else {
                requirementFailed("Content-Length \(length) over limit \(bodyLimit) gave \(step.event)")
            }
        }
        switch step.event {
        case .needMore:
            requirementFailed("unreachable")

        case .head(let h):
            require(head == nil, ".head while the previous request is still open")
            require(step.consumed > 0, ".head consumed nothing")
            headBytes += step.consumed
            require(headBytes <= limits.maxHeaderBytes, "head of \(headBytes) bytes over the limit")
            checkHead(h)
            head = h
            body = []
            if let routeLimit {
                parser.setBodyLimit(routeLimit)
                bodyLimit = routeLimit
            } else {
                bodyLimit = limits.maxBodyBytes
            }

        case .body(let range):
            guard let head else { requirementFailed(".body without .head") }
            require(!range.isEmpty, "empty body range")
            require(range.lowerBound >= 0 && range.upperBound <= input.count,
                    "body range \(range) outside input of \(input.count)")
            require(range.upperBound <= step.consumed,
                    "body range \(range) not consumed by its step (\(step.consumed))")
            switch head.framing {
            case .none: requirementFailed(".body for a request without body framing")
            case .length: require(range.lowerBound == 0, "Content-Length body not contiguous")
            case .chunked: break
            }
            body.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[range]))
            require(body.count <= bodyLimit, "body \(body.count) over limit \(bodyLimit)")

        case .end:
            guard let h = head else { requirementFailed(".end without .head") }
            switch h.framing {
            case .none: require(body.isEmpty, "body for a request without body framing")
            case .length(let n): require(body.count == n, "body \(body.count) != Content-Length \(n)")
            case .chunked: break
            }
            require(body.count <= bodyLimit, "body \(body.count) over limit \(bodyLimit)")
            require(parser.isIdle, "not idle right after .end")
            outcome.messages.append(Message(head: h, body: body))
            head = nil
            body = []
            headBytes = 0

        case .error(let e):
            outcome.error = e
            // The parser stays failed, whatever it is given next.
            var again = parser.parse(input)
            require(again.event == .error(e) && again.consumed <= input.count, "error not sticky: \(again)")
            again = parser.parse(UnsafeRawBufferPointer(start: nil, count: 0))
            require(again.event == .error(e) && again.consumed == 0, "error not sticky on empty input")
            return false
        }
        return true
    }

    /// What a validated head guarantees, checked against the limits and RFC 9112 rules.
    func checkHead(_ h: RequestHead) {
        require(!h.method.isEmpty && h.method.utf8.allSatisfy(isTchar), "bad method \(h.method)")
        require(!h.target.isEmpty && h.target.utf8.count <= limits.maxTargetBytes, "bad target length")
        require(!h.target.utf8.contains { $0 <= 0x20 || $0 >= 0x7F }, "target with CTL/SP/non-ASCII")
        require(h.version.major == 1 && (0...9).contains(h.version.minor), "version \(h.version)")
        require(h.headers.count <= limits.maxHeaderCount, "\(h.headers.count) headers")
        for field in h.headers {
            require(!field.name.isEmpty && field.name.utf8.allSatisfy(isTchar), "bad field name")
            require(!field.value.utf8.contains { ($0 < 0x20 && $0 != 0x09) || $0 == 0x7F },
                    "field value with CTL")
            require(field.value.utf8.first != 0x20 && field.value.utf8.first != 0x09
                    && field.value.utf8.last != 0x20 && field.value.utf8.last != 0x09, "value not trimmed")
        }
        let hosts = h.headers.values("Host").count
        require(hosts <= 1, "\(hosts) Host fields")
        if h.version.minor >= 1 { require(hosts == 1, "HTTP/1.1 without Host") }
        let lengths = h.headers.values("Content-Length")
        let codings = h.headers.values("Transfer-Encoding")
        switch h.framing {
        case .none:
            require(lengths.isEmpty && codings.isEmpty, "framing .none with CL/TE")
        case .length(let n):
            require(codings.isEmpty && lengths.count == 1, "framing .length with TE or not one CL")
            require(n >= 0 && lengths[0].utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
                    && decimal(lengths[0]) == n, "Content-Length \(lengths) != \(n)")
        case .chunked:
            require(lengths.isEmpty && !codings.isEmpty, "chunked with CL or without TE")
            require(h.version.minor >= 1, "chunked on HTTP/1.0")
        }
        if h.expectContinue { require(h.version.minor >= 1, "100-continue on HTTP/1.0") }
    }

    mutating func finish() -> Outcome {
        if outcome.error == nil {
            outcome.pending = !buffer.isEmpty || head != nil || !parser.isIdle
            outcome.leftover = buffer.count
        }
        return outcome
    }

    /// Parses `bytes` cut at `cuts` (ascending), checking after each piece that what the caller
    /// has seen so far is a prefix of `whole`, when given: later bytes never change earlier events.
    static func run(_ bytes: [UInt8], cuts: [Int], routeLimit: Int?, whole: Outcome? = nil) -> Outcome {
        var driver = Driver(limits: fuzzLimits, routeLimit: routeLimit, totalBytes: bytes.count)
        var start = 0
        for cut in cuts + [bytes.count] where cut >= start {
            driver.feed(bytes[start..<cut])
            start = cut
            if let whole {
                let now = driver.outcome
                require(now.messages.count <= whole.messages.count
                        && Array(whole.messages.prefix(now.messages.count)) == now.messages,
                        "messages after \(cut) bytes are not a prefix of the whole-input messages")
                if let e = now.error {
                    require(whole.error == e, "error \(e.name) after \(cut) bytes, \(whole.error?.name ?? "none") whole")
                }
            }
        }
        return driver.finish()
    }
}

/// `precondition` that keeps its message in -O builds (where the standard library drops it), so
/// that a crash report says which property failed.
@inline(__always)
func require(_ condition: Bool, _ message: @autoclosure () -> String,
             file: StaticString = #fileID, line: UInt = #line) {
    if !condition { requirementFailed(message(), file: file, line: line) }
}

@inline(never)
func requirementFailed(_ message: String, file: StaticString = #fileID, line: UInt = #line) -> Never {
    fatalError("fuzz property violated: \(message)", file: file, line: line)
}

func isTchar(_ b: UInt8) -> Bool {
    (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b)
        || "!#$%&'*+-.^_`|~".utf8.contains(b)
}

func decimal(_ s: String) -> Int {
    s.utf8.reduce(0) { $0 * 10 + Int($1 - 0x30) }
}

func describe(_ o: Outcome) -> String {
    let messages = o.messages.map { "\($0.head.method) \($0.head.target) \($0.head.version) \($0.head.framing) body=\($0.body.count)" }
    return "messages=\(messages) error=\(o.error.map(\.name) ?? "nil") pending=\(o.pending) leftover=\(o.leftover)"
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    // The low bits of the last byte pick the route's body limit; '\n' (0x0A) keeps the default.
    let routeLimit: Int?
    switch (bytes.last ?? 0) & 3 {
    case 1: routeLimit = 5
    case 3: routeLimit = 300
    default: routeLimit = nil
    }

    let whole = Driver.run(bytes, cuts: [], routeLimit: routeLimit)

    // Two cuts derived from the first two bytes.
    if size >= 2 {
        let a = size * Int(bytes[0]) / 255
        let b = size * Int(bytes[1]) / 255
        let split = Driver.run(bytes, cuts: [min(a, b), max(a, b)], routeLimit: routeLimit, whole: whole)
        require(split == whole, "split at \(min(a, b)),\(max(a, b)) differs:\n  split: \(describe(split))\n  whole: \(describe(whole))")
    }
    if size <= byteByByteMax {
        let single = Driver.run(bytes, cuts: Array(0..<size), routeLimit: routeLimit, whole: whole)
        require(single == whole, "byte-by-byte differs:\n  bytes: \(describe(single))\n  whole: \(describe(whole))")
    }
    return 0
}
