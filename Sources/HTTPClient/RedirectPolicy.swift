import Config

/// Whether to follow redirects, and where to. A Zoom `download_url` answers 302 to a CDN: the
/// download must follow it, but only to hosts the operator allowed, over https unless a rule
/// names plain http (tests). Each hop is checked before anything connects to it.
public enum RedirectPolicy: Sendable {
    /// Return a 3xx response as it is.
    case none
    /// Follow 301, 302, 303, 307 and 308 up to `max` times; every `Location`, resolved against
    /// the URL it came from, must satisfy one of `allowed`, else `.redirectNotAllowed`.
    /// 303 (and 301/302 after a POST) continue as GET without a body, as browsers and curl do.
    case follow(max: Int = 5, allowed: [HostRule])

    /// Whether `url` is an http(s) URL one of `rules` allows. Callers check the first URL of a
    /// download with this too: the policy itself judges only where redirects lead.
    public static func permits(_ url: String, rules: [HostRule]) -> Bool {
        guard let parts = URLParts(url) else { return false }
        return parts.isAllowed(by: rules)
    }
}

extension URLParts {
    func isAllowed(by rules: [HostRule]) -> Bool {
        rules.contains { $0.allows(scheme: scheme, host: host, port: port) }
    }
}
