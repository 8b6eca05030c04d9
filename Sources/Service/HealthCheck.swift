#if canImport(Glibc)
import Glibc
#endif
import Config

/// `zoom2kaltura healthcheck`: asks the running service's `/healthz` on its own port, for the
/// container's HEALTHCHECK (the slim image has no curl). Exit 0 when it answers 200.
public enum HealthCheck {
    public static func run(_ configuration: Configuration) -> Int32 {
        let wildcard = ["0.0.0.0", "::", "*"].contains(configuration.listenHost)
        let host = wildcard ? (configuration.listenHost == "::" ? "::1" : "127.0.0.1") : configuration.listenHost
        let v6 = host.contains(":")
        let fd = socket(v6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return 1 }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let port = UInt16(configuration.listenPort).bigEndian
        let connected: Int32
        if v6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = port
            guard inet_pton(AF_INET6, host, &address.sin6_addr) == 1 else { return 1 }
            connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port
            guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { return 1 }
            connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        }
        guard connected == 0 else { return 1 }
        let request = Array("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".utf8)
        guard request.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == request.count else { return 1 }
        var reply = [UInt8](repeating: 0, count: 64)
        let n = reply.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        return n >= 12 && reply[0..<12].elementsEqual("HTTP/1.1 200".utf8) ? 0 : 1
    }
}
