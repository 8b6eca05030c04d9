#if canImport(Glibc)
import Glibc
#endif
import HTTPServer

/// A blocking TCP client for loopback tests: sends raw bytes and reads HTTP/1.1 responses, with
/// every wait bounded by a deadline, so that a broken server fails a test instead of hanging it.
public final class TestConnection {
    public let fd: Int32
    private var buffer: [UInt8] = []

    /// What went wrong on the client side.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    /// Connects to `host:port` (IPv4 or IPv6 literal).
    public init(port: Int, host: String = "127.0.0.1") throws {
        do {
            fd = try SocketAddress(host: host, port: port).connect()
        } catch {
            throw Failure(description: "connect to \(host):\(port): \(error)")
        }
    }

    deinit { Glibc.close(fd) }

    /// Sends all bytes.
    public func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(description: "send: errno \(errno)")
            }
            offset += n
        }
    }

    public func send(_ text: String) throws { try send(Array(text.utf8)) }

    /// Half-closes the sending side (the client will send nothing more).
    public func shutdownWrite() { shutdown(fd, Int32(SHUT_WR)) }

    /// Reads more bytes into the buffer; false on EOF or error, throws on timeout.
    private func fill(deadline: ContinuousClock.Instant) throws -> Bool {
        while true {
            let remaining = deadline - .now
            guard remaining > .zero else { throw Failure(description: "timed out waiting for the server") }
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ms = Int32(min(remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000 + 1, 60_000))
            let ready = poll(&p, 1, ms)
            if ready < 0 { if errno == EINTR { continue }; throw Failure(description: "poll: errno \(errno)") }
            if ready == 0 { continue }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 { if errno == EINTR { continue }; return false }
            if n == 0 { return false }
            buffer.append(contentsOf: chunk[0..<n])
            return true
        }
    }

    /// Reads one response; nil when the connection closed before a response began.
    /// - Parameter headOnly: the request was HEAD, so no body follows despite Content-Length.
    public func readResponse(timeout: Duration = .seconds(10), headOnly: Bool = false) throws -> TestResponse? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let end = Self.find([13, 10, 13, 10], in: buffer) {
                var response = try TestResponse(head: Array(buffer[0..<end]))
                buffer.removeFirst(end + 4)
                let length = headOnly || response.status < 200 || response.status == 204 ? 0 : (response.contentLength ?? -1)
                if length >= 0 {
                    while buffer.count < length {
                        guard try fill(deadline: deadline) else { throw Failure(description: "EOF inside a response body") }
                    }
                    response.body = Array(buffer[0..<length])
                    buffer.removeFirst(length)
                } else {
                    while try fill(deadline: deadline) {}
                    response.body = buffer
                    buffer = []
                }
                return response
            }
            guard try fill(deadline: deadline) else {
                if buffer.isEmpty { return nil }
                throw Failure(description: "EOF inside a response head")
            }
        }
    }

    /// Waits until the server closes the connection; true if it did within `timeout`.
    /// Bytes that arrive meanwhile are kept for `readResponse`.
    public func waitForClose(timeout: Duration = .seconds(10)) -> Bool {
        let deadline = ContinuousClock.now + timeout
        do {
            while try fill(deadline: deadline) {}
            return true
        } catch {
            return false
        }
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] {
            if Array(haystack[i..<(i + needle.count)]) == needle { return i }
        }
        return nil
    }
}

/// A parsed response, for assertions.
public struct TestResponse: CustomStringConvertible {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8] = []

    init(head: [UInt8]) throws {
        let lines = String(decoding: head, as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ", maxSplits: 2)
        guard statusParts.count >= 2, statusParts[0] == "HTTP/1.1", let code = Int(statusParts[1]) else {
            throw TestConnection.Failure(description: "bad status line: \(lines[0])")
        }
        status = code
        headers = lines.dropFirst().compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: [" "]))
        }
    }

    /// The first value of a header, case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    public var contentLength: Int? { header("Content-Length").flatMap { Int($0) } }
    public var text: String { String(decoding: body, as: UTF8.self) }
    public var description: String { "\(status) \(text)" }
}

private extension String {
    func components(separatedBy separator: String) -> [String] {
        var parts: [String] = []
        var rest = Substring(self)
        while let range = rest.firstRange(of: separator) {
            parts.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }

    func trimmingCharacters(in set: Set<Character>) -> String {
        var s = Substring(self)
        while let c = s.first, set.contains(c) { s.removeFirst() }
        while let c = s.last, set.contains(c) { s.removeLast() }
        return String(s)
    }
}

extension Substring {
    func trimmingCharacters(in set: Set<Character>) -> String { String(self).trimmingCharacters(in: set) }
}
