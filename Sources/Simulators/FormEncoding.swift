import HTTP1

/// Percent-encoding and `application/x-www-form-urlencoded` parsing, as the simulated services
/// apply them (no Foundation: the rules are short and must be exact).
public enum FormEncoding {
    /// Decodes `%XX` escapes; with `plusIsSpace`, `+` becomes a space (form bodies and queries).
    /// Text with a malformed escape is kept as it came (a lenient server's way).
    public static func percentDecode(_ text: Substring, plusIsSpace: Bool = false) -> String {
        PercentEncoding.decode(text, plusIsSpace: plusIsSpace) ?? String(text)
    }

    public static func percentDecode(_ text: String, plusIsSpace: Bool = false) -> String {
        percentDecode(Substring(text), plusIsSpace: plusIsSpace)
    }

    /// Percent-encodes everything except RFC 3986 unreserved characters.
    public static func percentEncode(_ text: String) -> String { PercentEncoding.encode(text) }

    /// `a=1&b=2` → pairs in order, names and values decoded.
    public static func pairs(_ text: Substring) -> [(String, String)] {
        text.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            if let equals = pair.firstIndex(of: "=") {
                return (percentDecode(pair[..<equals], plusIsSpace: true),
                        percentDecode(pair[pair.index(after: equals)...], plusIsSpace: true))
            }
            return (percentDecode(pair, plusIsSpace: true), "")
        }
    }
}
