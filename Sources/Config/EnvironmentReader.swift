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

    /// An optional whole number: nil when unset.
    mutating func optionalInt(_ name: String, range: ClosedRange<Int>) -> Int? {
        guard let text = raw(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            report(name, shown: text, "must be a whole number from \(range.lowerBound) to \(range.upperBound), or unset.")
            return nil
        }
        return value
    }

    /// A file path; checked for shape only (the file is read by whoever uses it).
    mutating func path(_ name: String) -> String? {
        guard let text = raw(name) else { return nil }
        guard !text.hasSuffix("/") else {
            report(name, shown: text, "must be the path of a file (not a directory), such as /etc/zoom2kaltura/\(name.lowercased()).csv.")
            return nil
        }
        return text
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

    /// `true`/`false`, `1`/`0`, `yes`/`no`, `on`/`off`, in any case.
    mutating func bool(_ name: String, default fallback: Bool) -> Bool {
        guard let text = raw(name) else { return fallback }
        switch text.lowercased() {
        case "true", "1", "yes", "on": return true
        case "false", "0", "no", "off": return false
        default:
            report(name, shown: text, "must be true or false (also 1/0, yes/no, on/off; default \(fallback)).")
            return fallback
        }
    }

    /// A comma-separated list, entries trimmed. An empty entry (`a,,b`, a trailing comma) or a
    /// repeated one is reported, as is an entry `isValid` refuses (`expected` says what it should be).
    mutating func list(_ name: String, default fallback: [String], expected: String,
                       isValid: (String) -> Bool = { _ in true }) -> [String] {
        guard let text = raw(name) else { return fallback }
        let entries = text.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingSpaces() }
        if entries.contains(where: \.isEmpty) {
            report(name, shown: text, "has an empty entry; write a comma-separated list of \(expected), without empty items.")
            return fallback
        }
        if let bad = entries.first(where: { !isValid($0) }) {
            report(name, shown: text, "has \"\(bad)\", which is not \(expected).")
            return fallback
        }
        var seen = Set<String>()
        if let repeated = entries.first(where: { !seen.insert($0).inserted }) {
            report(name, shown: text, "lists \"\(repeated)\" twice; name each entry once.")
            return fallback
        }
        return entries
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
