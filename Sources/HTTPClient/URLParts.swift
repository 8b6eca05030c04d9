import CCurl

/// The parts of a URL that decide where a request goes, parsed by libcurl's own URL parser
/// (`curl_url`), so that what we check is what libcurl would connect to. It also gives the
/// redacted form errors print: a query string carries tokens (Zoom's `access_token`), so only
/// scheme, host, port and path are ever shown.
struct URLParts: Equatable {
    /// Lowercase.
    let scheme: String
    /// Lowercase; an IPv6 literal keeps its brackets.
    let host: String
    /// nil when the URL names none (the scheme's default applies).
    let port: Int?
    let path: String

    /// nil when libcurl cannot parse `url` as an absolute URL.
    init?(_ url: String) {
        guard let handle = curl_url() else { return nil }
        defer { curl_url_cleanup(handle) }
        guard curl_url_set(handle, CURLUPART_URL, url, 0) == CURLUE_OK,
              let scheme = Self.part(handle, CURLUPART_SCHEME),
              let host = Self.part(handle, CURLUPART_HOST) else { return nil }
        self.scheme = scheme.lowercased()
        self.host = host.lowercased()
        self.port = Self.part(handle, CURLUPART_PORT).flatMap { Int($0) }
        self.path = Self.part(handle, CURLUPART_PATH) ?? "/"
    }

    /// The port a connection uses: the explicit one or the scheme's default.
    var effectivePort: Int { port ?? (scheme == "https" ? 443 : 80) }

    /// Same scheme, host and port: where credentials may go (RFC 6454 origin).
    func sameOrigin(as other: URLParts) -> Bool {
        scheme == other.scheme && host == other.host && effectivePort == other.effectivePort
    }

    /// `scheme://host[:port]/path`: no user info, query or fragment.
    var redacted: String {
        "\(scheme)://\(host)\(port.map { ":\($0)" } ?? "")\(path)"
    }

    /// The redacted form of `url`, or a placeholder when it does not parse.
    static func redact(_ url: String) -> String {
        URLParts(url)?.redacted ?? "(unparsable URL)"
    }

    private static func part(_ handle: OpaquePointer, _ which: CURLUPart) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard curl_url_get(handle, which, &value, 0) == CURLUE_OK, let value else { return nil }
        defer { curl_free(value) }
        return String(cString: value)
    }
}
