#if canImport(Glibc)
import Glibc
#endif

/// An IPv4 or IPv6 socket address, resolved from `host:port` / `[v6]:port`.
public struct SocketAddress: Sendable, CustomStringConvertible {
    enum Storage: Sendable {
        case v4(sockaddr_in)
        case v6(sockaddr_in6)
    }

    let storage: Storage

    init(_ storage: Storage) { self.storage = storage }

    /// Resolves a numeric address or a host name (through getaddrinfo) for listening.
    /// - Throws: `IOError` with call `getaddrinfo` when the host does not resolve.
    public init(host: String, port: Int) throws(IOError) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var result: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &result)
        guard rc == 0, let first = result else { throw IOError(errno: EINVAL, call: "getaddrinfo(\(host))") }
        defer { freeaddrinfo(result) }
        switch first.pointee.ai_family {
        case AF_INET:
            storage = .v4(UnsafeRawPointer(first.pointee.ai_addr).load(as: sockaddr_in.self))
        case AF_INET6:
            storage = .v6(UnsafeRawPointer(first.pointee.ai_addr).load(as: sockaddr_in6.self))
        default:
            throw IOError(errno: EAFNOSUPPORT, call: "getaddrinfo(\(host))")
        }
    }

    var family: Int32 {
        switch storage {
        case .v4: AF_INET
        case .v6: AF_INET6
        }
    }

    /// The port, in host byte order.
    public var port: Int {
        switch storage {
        case .v4(let a): Int(UInt16(bigEndian: a.sin_port))
        case .v6(let a): Int(UInt16(bigEndian: a.sin6_port))
        }
    }

    /// The numeric host, without brackets.
    public var host: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        switch storage {
        case .v4(var a): _ = inet_ntop(AF_INET, &a.sin_addr, &buffer, socklen_t(buffer.count))
        case .v6(var a): _ = inet_ntop(AF_INET6, &a.sin6_addr, &buffer, socklen_t(buffer.count))
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public var description: String {
        switch storage {
        case .v4: "\(host):\(port)"
        case .v6: "[\(host)]:\(port)"
        }
    }

    /// Calls `body` with a pointer to the sockaddr and its length; the pointer does not escape.
    func withSockAddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) throws(IOError) -> R) throws(IOError) -> R {
        switch storage {
        case .v4(var a):
            return try withUnsafePointer(to: &a) { (p) throws(IOError) -> R in
                try p.withMemoryRebound(to: sockaddr.self, capacity: 1) { (s) throws(IOError) -> R in
                    try body(s, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        case .v6(var a):
            return try withUnsafePointer(to: &a) { (p) throws(IOError) -> R in
                try p.withMemoryRebound(to: sockaddr.self, capacity: 1) { (s) throws(IOError) -> R in
                    try body(s, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
        }
    }

    /// Opens a blocking TCP connection to this address, for clients such as the container's
    /// health probe and the tests. The caller owns the descriptor and closes it.
    /// - Parameter timeout: applied to the connect and, as SO_RCVTIMEO/SO_SNDTIMEO, to I/O.
    public func connect(timeout: Duration? = nil) throws(IOError) -> Int32 {
        let fd = Int32(try syscallBlocking("socket") { Int(socket(family, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)) })
        if let timeout {
            var value = timeval(tv_sec: Int(timeout.components.seconds),
                                tv_usec: Int(timeout.components.attoseconds / 1_000_000_000_000))
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
        }
        do throws(IOError) {
            _ = try withSockAddr { (pointer, length) throws(IOError) in
                try syscallBlocking("connect(\(self))") { Int(Glibc.connect(fd, pointer, length)) }
            }
            return fd
        } catch {
            close(fd)
            throw error
        }
    }

    /// The local address a socket is bound to (getsockname), to learn the port chosen for port 0.
    static func local(of fd: Int32) throws(IOError) -> SocketAddress {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = try withUnsafeMutablePointer(to: &storage) { (p) throws(IOError) in
            try p.withMemoryRebound(to: sockaddr.self, capacity: 1) { (s) throws(IOError) in
                try syscallBlocking("getsockname") { Int(getsockname(fd, s, &length)) }
            }
        }
        let family = Int32(storage.ss_family)
        return try withUnsafeBytes(of: &storage) { (raw) throws(IOError) -> SocketAddress in
            switch family {
            case AF_INET: return SocketAddress(.v4(raw.load(as: sockaddr_in.self)))
            case AF_INET6: return SocketAddress(.v6(raw.load(as: sockaddr_in6.self)))
            default: throw IOError(errno: EAFNOSUPPORT, call: "getsockname")
            }
        }
    }
}
