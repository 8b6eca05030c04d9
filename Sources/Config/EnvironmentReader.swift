/// Reads typed values from environment variables and collects every problem instead of stopping
/// at the first. An empty value counts as unset.
struct EnvironmentReader {
    let environment: [String: String]
    private(set) var problems: [ConfigurationError.Problem] = []

    init(_ environment: [String: String]) { self.environment = environment }

    func raw(_ name: String) -> String? {
        guard let value = environment[name]?.trimmingSpaces(), !value.isEmpty else { return nil }
        return value
    }

    mutating func report(_ name: String, shown: String?, _ message: String) {
        problems.append(.init(variable: name, shown: shown.map { "\"\($0)\"" }, message: message))
    }

    mutating func string(_ name: String, default fallback: String) -> String {
        raw(name) ?? fallback
    }

    mutating func secret(_ name: String, minLength: Int = 1) -> Secret? {
        guard let value = raw(name) else { return nil }
        if value.count < minLength {
            report(name, shown: nil, "is shorter than \(minLength) characters; use a long random value (for example `openssl rand -hex 32`).")
            return nil
        }
        return Secret(value)
    }

    mutating func int(_ name: String, default fallback: Int, range: ClosedRange<Int>) -> Int {
        guard let text = raw(name) else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            report(name, shown: text, "must be a whole number from \(range.lowerBound) to \(range.upperBound) (default \(fallback)).")
            return fallback
        }
        return value
    }

    mutating func duration(_ name: String, default fallback: Duration, range: ClosedRange<Duration>) -> Duration {
        guard let text = raw(name) else { return fallback }
        guard let value = ValueParsers.duration(text), range.contains(value) else {
            report(name, shown: text, "must be a duration such as 500ms, 10s, 2m or 1h, from \(range.lowerBound.formatted) to \(range.upperBound.formatted) (default \(fallback.formatted)).")
            return fallback
        }
        return value
    }

    mutating func size(_ name: String, default fallback: Int, range: ClosedRange<Int>) -> Int {
        guard let text = raw(name) else { return fallback }
        guard let value = ValueParsers.size(text), range.contains(value) else {
            report(name, shown: text, "must be a size such as 8MiB, 512KiB or a byte count, from \(range.lowerBound.formattedBytes) to \(range.upperBound.formattedBytes) (default \(fallback.formattedBytes)).")
            return fallback
        }
        return value
    }

    mutating func choice<T: RawRepresentable & CaseIterable>(_ name: String, default fallback: T) -> T where T.RawValue == String {
        guard let text = raw(name) else { return fallback }
        guard let value = T(rawValue: text.lowercased()) else {
            let options = T.allCases.map(\.rawValue).joined(separator: ", ")
            report(name, shown: text, "must be one of: \(options) (default \(fallback.rawValue)).")
            return fallback
        }
        return value
    }

    mutating func url(_ name: String, default fallback: String?) -> String? {
        guard let text = raw(name) else { return fallback }
        guard let url = ValueParsers.httpURL(text) else {
            report(name, shown: text, "must be an http:// or https:// URL with a host, such as https://www.kaltura.com.")
            return fallback
        }
        return url
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }
}

extension Duration {
    /// `10s`, `500ms`: the format the variables take.
    var formatted: String {
        let ms = components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
        if ms % 3_600_000 == 0, ms > 0 { return "\(ms / 3_600_000)h" }
        if ms % 60_000 == 0, ms > 0 { return "\(ms / 60_000)m" }
        if ms % 1000 == 0 { return "\(ms / 1000)s" }
        return "\(ms)ms"
    }
}

extension Int {
    /// `8MiB`, `512KiB`: the format the variables take.
    var formattedBytes: String {
        for (suffix, factor) in [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)] where self >= factor && self % factor == 0 {
            return "\(self / factor)\(suffix)"
        }
        return "\(self)B"
    }
}
