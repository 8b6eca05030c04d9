import HTTP1

/// `application/x-www-form-urlencoded` as PHP's `http_build_query` writes it (the KS v2 field
/// string is built with it): letters, digits and `-_.` kept, space as `+`, every other byte
/// `%XX` in upper case.
enum FormEncoding {
    static func encode(_ pairs: [(String, String)]) -> String {
        pairs.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }

    static func escape(_ text: String) -> String {
        PercentEncoding.encode(text, keeping: PercentEncoding.isFormSafe, spaceAsPlus: true)
    }

    /// The inverse, for reading a decrypted KS back: pairs in order; nil on a bad `%` escape.
    static func decode(_ text: String) -> [(String, String)]? {
        var pairs: [(String, String)] = []
        for item in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = unescape(parts[0]) else { return nil }
            guard let value = parts.count > 1 ? unescape(parts[1]) : "" else { return nil }
            pairs.append((key, value))
        }
        return pairs
    }

    private static func unescape(_ text: Substring) -> String? {
        PercentEncoding.decode(text, plusIsSpace: true)
    }
}
