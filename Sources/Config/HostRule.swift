/// One entry of `ZOOM_DOWNLOAD_HOSTS`: a host, or `*.domain` for its subdomains, reached over
/// https; an entry written with a scheme and port (`http://127.0.0.1:9001`) allows exactly that.
public struct HostRule: Sendable, Equatable, CustomStringConvertible {
    public let scheme: String
    /// Lowercase host, or `*.` followed by a domain.
    public let host: String
    /// nil: any port.
    public let port: Int?

    public init(scheme: String, host: String, port: Int?) {
        self.scheme = scheme
        self.host = host
        self.port = port
    }

    /// Parses one list entry; nil when it is not a host pattern.
    public init?(parsing entry: String) {
        var rest = Substring(entry.lowercased())
        var scheme = "https"
        if let range = rest.firstRange(of: "://") {
            scheme = String(rest[..<range.lowerBound])
            guard scheme == "http" || scheme == "https" else { return nil }
            rest = rest[range.upperBound...]
        }
        var port: Int?
        if let colon = rest.lastIndex(of: ":") {
            guard let p = Int(rest[rest.index(after: colon)...]), (1...65535).contains(p) else { return nil }
            port = p
            rest = rest[..<colon]
        }
        let name = rest.hasPrefix("*.") ? rest.dropFirst(2) : rest
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-.")
        guard !name.isEmpty, name.allSatisfy(allowed.contains), !name.hasPrefix("."), !name.hasSuffix(".") else { return nil }
        self.init(scheme: scheme, host: String(rest), port: port)
    }

    /// Whether a URL's scheme, host and port are allowed by this rule.
    public func allows(scheme: String, host: String, port: Int?) -> Bool {
        guard scheme.lowercased() == self.scheme else { return false }
        if let required = self.port, required != (port ?? (scheme == "https" ? 443 : 80)) { return false }
        let candidate = host.lowercased()
        if self.host.hasPrefix("*.") {
            return candidate.hasSuffix(String(self.host.dropFirst(1))) && candidate.count > self.host.count - 1
        }
        return candidate == self.host
    }

    public var description: String {
        let base = scheme == "https" && port == nil ? host : "\(scheme)://\(host)"
        return port.map { "\(base):\($0)" } ?? base
    }
}
