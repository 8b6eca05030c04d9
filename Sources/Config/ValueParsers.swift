/// Parsers for the value formats of environment variables. Each returns nil for a value it
/// does not accept; the caller reports the problem with the variable's name.
enum ValueParsers {
    /// `10s`, `500ms`, `2m`, `1h`; a bare number is seconds.
    static func duration(_ text: String) -> Duration? {
        let units: [(String, Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)]
        for (suffix, millis) in units where text.hasSuffix(suffix) {
            guard let n = Int64(text.dropLast(suffix.count)), n >= 0, n <= Int64(Int32.max) else { return nil }
            return .milliseconds(n * millis)
        }
        guard let n = Int64(text), n >= 0, n <= Int64(Int32.max) else { return nil }
        return .seconds(n)
    }

    /// `8MiB`, `512KiB`, `1GiB`, or a bare byte count. Decimal units (MB) are refused so that a
    /// size is never off by 5%.
    static func size(_ text: String) -> Int? {
        let units: [(String, Int)] = [("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("B", 1)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            guard let n = Int(text.dropLast(suffix.count)), n >= 0, n <= Int.max / factor else { return nil }
            return n * factor
        }
        return Int(text).flatMap { $0 >= 0 ? $0 : nil }
    }

    /// An http or https URL with a host; the trailing slash is dropped.
    static func httpURL(_ text: String) -> String? {
        let lower = text.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else { return nil }
        let rest = text.drop { $0 != ":" }.dropFirst(3)
        guard let host = rest.split(separator: "/", omittingEmptySubsequences: false).first, !host.isEmpty,
              !text.contains(where: { $0 == " " || $0 == "\t" }) else { return nil }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    /// `HOST:PORT`, `[V6]:PORT`; the port may be 0 (any free port).
    static func listen(_ text: String) -> (host: String, port: Int)? {
        let host: Substring
        let port: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else { return nil }
            host = text[text.index(after: text.startIndex)..<close]
            port = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") else { return nil }
            host = text[..<colon]
            port = text[text.index(after: colon)...]
        }
        guard !host.isEmpty, let number = Int(port), (0...65535).contains(number),
              port.allSatisfy(\.isNumber) else { return nil }
        return (String(host), number)
    }
}
