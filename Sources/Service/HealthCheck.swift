#if canImport(Glibc)
import Glibc
#endif
import Config
import HTTPServer

/// `zoom2kaltura healthcheck`: asks the running service's `/healthz` on its own port, for the
/// container's HEALTHCHECK (the slim image has no curl). Exit 0 when it answers 200.
public enum HealthCheck {
    public static func run(_ configuration: Configuration) -> Int32 {
        let wildcard = ["0.0.0.0", "::"].contains(configuration.listenHost)
        let host = wildcard ? (configuration.listenHost == "::" ? "::1" : "127.0.0.1") : configuration.listenHost
        guard let address = try? SocketAddress(host: host, port: configuration.listenPort),
              let fd = try? address.connect(timeout: .seconds(2)) else { return 1 }
        defer { close(fd) }
        let request = Array("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".utf8)
        guard request.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == request.count else { return 1 }
        var reply = [UInt8](repeating: 0, count: 64)
        let n = reply.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        return n >= 12 && reply[0..<12].elementsEqual("HTTP/1.1 200".utf8) ? 0 : 1
    }
}
