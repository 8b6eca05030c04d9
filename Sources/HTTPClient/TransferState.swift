/// What libcurl's callbacks for one hop share with the thread that runs it: the parsed head,
/// the body (or the caller's callbacks), and why the transfer was stopped, if it was.
///
/// libcurl holds it unretained (`Unmanaged.passUnretained`); `HTTPClient` keeps it alive
/// across `curl_easy_perform` (`withExtendedLifetime`). The callbacks run on that same thread,
/// inside `curl_easy_perform`, so it needs no lock.
final class TransferState {
    /// Why a callback stopped the transfer; libcurl itself then reports only a write error.
    enum Stop {
        case tooLarge
        case aborted
        case cancelled
    }

    let url: String
    private let followsRedirects: Bool
    private let sink: ResponseSink
    private let cancellation: HTTPCancellation?

    private(set) var status = 0
    private(set) var headers: [HTTPHeader] = []
    private(set) var headComplete = false
    /// The head was a redirect this call follows: its body is discarded, `onHead` not called.
    private(set) var isRedirectHop = false
    private(set) var body: [UInt8] = []
    private(set) var bodyBytes = 0
    private(set) var stop: Stop?

    init(url: String, followsRedirects: Bool, sink: ResponseSink, cancellation: HTTPCancellation?) {
        self.url = url
        self.followsRedirects = followsRedirects
        self.sink = sink
        self.cancellation = cancellation
    }

    var userdata: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    /// The body cap of `send`; nil when streaming.
    var collectLimit: Int? {
        if case .collect(let maxBytes) = sink { return maxBytes }
        return nil
    }

    var head: HTTPResponseHead { HTTPResponseHead(status: status, headers: headers, url: url) }

    static let redirectStatuses: Set<Int> = [301, 302, 303, 307, 308]

    /// One header line as libcurl delivers it (CRLF included). A status line starts a new head
    /// (after a 1xx, or per hop); the empty line ends it. Lines after the head (trailers) are
    /// ignored. Returns false to abort the transfer.
    func receiveHeaderLine(_ line: UnsafeRawBufferPointer) -> Bool {
        var end = line.count
        while end > 0, line[end - 1] == UInt8(ascii: "\r") || line[end - 1] == UInt8(ascii: "\n") { end -= 1 }
        let text = line[0..<end]
        if text.starts(with: Array("HTTP/".utf8)) {
            status = Self.statusCode(text)
            headers = []
            headComplete = false
            return true
        }
        guard !headComplete else { return true }
        if text.isEmpty { return endOfHead() }
        if let first = text.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
            // obs-fold (RFC 9112 §5.2): a continuation of the previous value.
            if !headers.isEmpty { headers[headers.count - 1].value += " " + Self.trimmed(text) }
            return true
        }
        guard let colon = text.firstIndex(of: UInt8(ascii: ":")) else { return true }
        let name = String(decoding: text[text.startIndex..<colon], as: UTF8.self)
        headers.append(HTTPHeader(name, Self.trimmed(text[(colon + 1)...])))
        return true
    }

    private func endOfHead() -> Bool {
        if (100..<200).contains(status) { return true }   // interim; the real head follows
        headComplete = true
        if followsRedirects, Self.redirectStatuses.contains(status), headers.contains(name: "Location") {
            isRedirectHop = true
            return true
        }
        if case .stream(let onHead, _) = sink, !onHead(head) {
            stop = .aborted
            return false
        }
        return true
    }

    /// A piece of the body. Returns false to abort the transfer.
    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if isRedirectHop { return true }
        bodyBytes += bytes.count
        switch sink {
        case .collect(let maxBytes):
            guard body.count + bytes.count <= maxBytes else {
                stop = .tooLarge
                return false
            }
            body.append(contentsOf: bytes)
        case .stream(_, let onData):
            guard onData(bytes) else {
                stop = .aborted
                return false
            }
        }
        return true
    }

    /// Polled by libcurl's progress callback. Returns false to abort the transfer.
    func shouldContinue() -> Bool {
        guard cancellation?.isCancelled == true else { return true }
        stop = .cancelled
        return false
    }

    private static func statusCode(_ line: Slice<UnsafeRawBufferPointer>) -> Int {
        let fields = line.split(separator: UInt8(ascii: " "), maxSplits: 2, omittingEmptySubsequences: true)
        guard fields.count >= 2 else { return 0 }
        return Int(String(decoding: fields[1], as: UTF8.self)) ?? 0
    }

    private static func trimmed(_ bytes: Slice<UnsafeRawBufferPointer>) -> String {
        let isSpace = { (b: UInt8) in b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = bytes.lastIndex(where: { !isSpace($0) })!
        return String(decoding: bytes[first...last], as: UTF8.self)
    }
}
