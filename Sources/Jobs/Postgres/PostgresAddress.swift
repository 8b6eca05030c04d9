import CPostgres

/// Where the database is: `DATABASE_URL` as libpq takes it (`postgres://user:password@host:port/db?…`
/// or `key=value` pairs), and a description of it without the password for logs and errors.
struct PostgresAddress: Sendable {
    /// The URL as given. It may hold the password: passed to libpq, never printed.
    let url: String
    /// `user@host:port/database`, for messages.
    let display: String
    /// The password as written in the URL (raw and percent-decoded), scrubbed from any text
    /// that leaves the store.
    private let secrets: [String]

    /// Checks the URL with libpq's own parser, so that a typo is reported at start.
    init(url: String) throws(PostgresError) {
        self.url = url
        var raw = Self.rawPassword(in: url).map { [$0] } ?? []
        var error: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(url, &error) else {
            let message = error.map { String(cString: $0) } ?? "out of memory"
            PQfreemem(error)
            secrets = raw
            display = "(unparsable DATABASE_URL)"
            throw PostgresError(sqlState: nil, message: "DATABASE_URL is not a valid PostgreSQL URL: "
                                + Self.scrub(message.trimmingTrailingNewlines, raw))
        }
        defer { PQconninfoFree(options) }
        var values: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { values[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        if let password = values["password"], !password.isEmpty { raw.append(password) }
        secrets = raw
        let user = values["user"].map { "\($0)@" } ?? ""
        let host = values["host"] ?? values["hostaddr"] ?? "localhost"
        let port = values["port"].map { ":\($0)" } ?? ""
        display = "\(user)\(host)\(port)/\(values["dbname"] ?? "")"
    }

    /// `text` with the password replaced by `***`.
    func redact(_ text: String) -> String { Self.scrub(text, secrets) }

    private static func scrub(_ text: String, _ secrets: [String]) -> String {
        var text = text
        for secret in secrets where !secret.isEmpty { text = text.replacing(secret, with: "***") }
        return text
    }

    /// The password part of `scheme://user:password@host…`, found without parsing (for when
    /// libpq's parser refused the URL and its message might quote it).
    private static func rawPassword(in url: String) -> String? {
        guard let scheme = url.firstRange(of: "://") else { return nil }
        let rest = url[scheme.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        guard let at = authority.lastIndex(of: "@") else { return nil }
        let userInfo = authority[..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return nil }
        let password = String(userInfo[userInfo.index(after: colon)...])
        return password.isEmpty ? nil : password
    }
}

extension String {
    var trimmingTrailingNewlines: String {
        var text = self
        while text.last == "\n" || text.last == " " { text.removeLast() }
        return text
    }
}
