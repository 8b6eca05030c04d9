#if canImport(Glibc)
import Glibc
#endif

/// A loopback TCP port nothing listens on: the kernel picks a free one for a socket that is
/// closed at once. For servers a test starts on a port of its own choosing (PostgreSQL), and
/// for clients that must meet a refused connection.
public enum LoopbackPort {
    public static func unused() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(fd, raw, length) == 0 ? getsockname(fd, raw, &length) : -1
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
