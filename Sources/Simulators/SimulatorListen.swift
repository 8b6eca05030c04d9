/// The `host:port` a simulator of `zoom2kaltura sim` listens on (`ZOOM_SIM_LISTEN`,
/// `KALTURA_SIM_LISTEN`). Loopback only: the simulators accept fixed, published secrets and
/// must never be reachable from another machine.
public struct SimulatorListen: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int

    /// Parses `127.0.0.1:9001`, `localhost:9001` or `[::1]:9001`.
    /// - Throws: `SimulatorListenError` for anything else, including a non-loopback host.
    public init(parsing text: String, variable: String) throws(SimulatorListenError) {
        var hostPart: Substring
        let portPart: Substring
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            hostPart = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { throw SimulatorListenError(variable: variable, value: text, reason: "expected [host]:port") }
            portPart = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else {
                throw SimulatorListenError(variable: variable, value: text, reason: "expected host:port")
            }
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
        }
        guard let port = Int(portPart), (0...65_535).contains(port) else {
            throw SimulatorListenError(variable: variable, value: text, reason: "the port must be 0…65535")
        }
        if hostPart == "localhost" { hostPart = "127.0.0.1" }
        let isLoopback = (hostPart.hasPrefix("127.") && hostPart.split(separator: ".").count == 4) || hostPart == "::1"
        guard isLoopback else {
            throw SimulatorListenError(variable: variable, value: text, reason: "simulators listen on loopback only (127.0.0.0/8 or ::1)")
        }
        host = String(hostPart)
        self.port = port
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// A `*_SIM_LISTEN` value that cannot be used.
public struct SimulatorListenError: Error, Sendable, Equatable, CustomStringConvertible {
    public let variable: String
    public let value: String
    public let reason: String

    public var description: String { "\(variable)=\(value): \(reason)" }
}
