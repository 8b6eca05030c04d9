#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization

/// A one-request-per-connection HTTP/1.1 server on 127.0.0.1 (a free port) for the API client
/// tests: this target has no server module, and the client's requests have no bodies. Each
/// request is recorded as `METHOD target` with its `Authorization`, then answered by `respond`.
final class TinyHTTPServer: Sendable {
    struct Recorded: Sendable, Equatable {
        var line: String
        var authorization: String?
    }

    private final class Log: Sendable {
        let entries = Mutex<[Recorded]>([])
    }

    let port: Int
    private let listener: Int32
    private let log = Log()

    var baseURL: String { "http://127.0.0.1:\(port)" }
    var requests: [Recorded] { log.entries.withLock { $0 } }

    /// - Parameter respond: status, extra headers and body for a request line, given the
    ///   requests that came before it.
    init(respond: @escaping @Sendable (String, [Recorded]) -> (Int, [(String, String)], String)) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(fd, generic, length) == 0 && listen(fd, 16) == 0 && getsockname(fd, generic, &length) == 0
            }
        }
        guard fd >= 0, bound else { throw POSIXError(.EADDRNOTAVAIL) }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        let log = self.log
        Thread.detachNewThread {
            while true {
                let connection = accept(fd, nil, nil)
                guard connection >= 0 else { return }  // closed by stop()
                var head: [UInt8] = []
                var buffer = [UInt8](repeating: 0, count: 4096)
                while !head.suffix(4).elementsEqual(Array("\r\n\r\n".utf8)) {
                    let count = read(connection, &buffer, buffer.count)
                    if count <= 0 { break }
                    head += buffer[0..<count]
                }
                let lines = String(decoding: head, as: UTF8.self).split(separator: "\r\n").map(String.init)
                let requestLine = lines.first.map { $0.split(separator: " ").prefix(2).joined(separator: " ") } ?? ""
                let authorization = lines.first { $0.lowercased().hasPrefix("authorization:") }
                    .map { String($0.dropFirst("authorization:".count)).trimmingCharacters(in: .whitespaces) }
                let previous = log.entries.withLock { entries in
                    defer { entries.append(Recorded(line: requestLine, authorization: authorization)) }
                    return entries
                }
                let (status, headers, body) = respond(requestLine, previous)
                var response = "HTTP/1.1 \(status) X\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n"
                for (name, value) in headers { response += "\(name): \(value)\r\n" }
                let bytes = Array((response + "\r\n" + body).utf8)
                _ = bytes.withUnsafeBytes { write(connection, $0.baseAddress, $0.count) }
                close(connection)
            }
        }
    }

    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }
}
