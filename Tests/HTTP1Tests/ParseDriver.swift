import HTTP1

/// Feeds bytes to a `RequestParser` the way the server's connection does: keeps what was not
/// consumed, appends what arrives, and collects whole messages.
struct ParseDriver {
    struct Outcome: Equatable {
        var messages: [CorpusCase.Message] = []
        var error: HTTPParseError?
        /// Bytes of an unfinished request left when the input ended.
        var pending = false
    }

    var parser: RequestParser
    var bodyLimit: Int?
    var outcome = Outcome()
    private var buffer: [UInt8] = []
    private var head: RequestHead?
    private var body: [UInt8] = []

    init(limits: ParserLimits, bodyLimit: Int?) {
        parser = RequestParser(limits: limits)
        self.bodyLimit = bodyLimit
    }

    mutating func feed<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        guard outcome.error == nil else { return }
        buffer.append(contentsOf: bytes)
        while true {
            let step = buffer.withUnsafeBytes { parser.parse($0) }
            switch step.event {
            case .needMore:
                buffer.removeFirst(step.consumed)
                return
            case .head(let h):
                head = h
                body = []
                if let bodyLimit { parser.setBodyLimit(bodyLimit) }
            case .body(let range):
                body.append(contentsOf: buffer[range])
            case .end:
                guard let h = head else { fatalError("end without head") }
                outcome.messages.append(CorpusCase.Message(
                    method: h.method, target: h.target, version: "\(h.version.major).\(h.version.minor)",
                    headers: h.headers.map { [$0.name, $0.value] },
                    body: String(body.map { Character(Unicode.Scalar($0)) }), keepAlive: h.keepAlive))
                head = nil
            case .error(let e):
                outcome.error = e
                return
            }
            buffer.removeFirst(step.consumed)
        }
    }

    mutating func finish() -> Outcome {
        if outcome.error == nil { outcome.pending = !buffer.isEmpty || head != nil || !parser.isIdle }
        return outcome
    }

    /// Parses `bytes` cut into pieces at the given offsets.
    static func run(_ bytes: [UInt8], splits: [Int], limits: ParserLimits, bodyLimit: Int?) -> Outcome {
        var driver = ParseDriver(limits: limits, bodyLimit: bodyLimit)
        var start = 0
        for cut in splits + [bytes.count] where cut >= start {
            driver.feed(bytes[start..<cut])
            start = cut
        }
        return driver.finish()
    }
}
