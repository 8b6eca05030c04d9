import HTTPClient

/// Why a Kaltura call failed, typed so that the copier can tell a retry (`isTransient`) from a
/// permanent failure, and a bad configuration (`isCredentialProblem`, shown on /status) from a
/// bad input. A struct over a public `Kind`: compare kinds, or switch on `kind`.
///
/// Kaltura reports API errors with HTTP 200 as a `KalturaAPIException` object; their `code`
/// and `args` decide the class. The description never contains the KS or the admin secret:
/// the client removes both from server messages before building the error, and anything that
/// still looks like a KS v2 (`djJ8…`) is masked when printed.
public struct KalturaError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// A `KalturaAPIException`: `code` such as `ENTRY_ID_NOT_FOUND`, and its message.
        case api(code: String, message: String)
        /// No complete HTTP response (connect, DNS, timeout, reset, TLS, …).
        case transport(HTTPClientError)
        /// An HTTP status other than 200; `retryAfter` from the `Retry-After` seconds, if given.
        case http(status: Int, retryAfter: Duration?)
        /// A 200 whose body is not what the action returns.
        case invalidResponse(String)
    }

    public let kind: Kind
    /// The exception's `args` (`ERR_CODE`, `KSID`, `ENTRY_ID`, …), values as text.
    public let arguments: [String: String]

    public init(_ kind: Kind, arguments: [String: String] = [:]) {
        self.kind = kind
        self.arguments = arguments
    }

    public static func api(code: String, message: String, arguments: [String: String] = [:]) -> KalturaError {
        KalturaError(.api(code: code, message: message), arguments: arguments)
    }

    public static func transport(_ error: HTTPClientError) -> KalturaError { KalturaError(.transport(error)) }

    public static func http(status: Int, retryAfter: Duration? = nil) -> KalturaError {
        KalturaError(.http(status: status, retryAfter: retryAfter))
    }

    public static func invalidResponse(_ reason: String) -> KalturaError { KalturaError(.invalidResponse(reason)) }

    /// The API error code; nil for transport, HTTP and decoding failures.
    public var code: String? {
        if case .api(let code, _) = kind { return code }
        return nil
    }

    /// INVALID_KS because the KS expired (`ERR_CODE` −5, or the failure string `EXPIRED`
    /// that kPermissionManager puts in `KSID` with ERR_CODE −1): a new session fixes it.
    public var isExpiredSession: Bool {
        guard code == "INVALID_KS" else { return false }
        return arguments["ERR_CODE"] == "-5" || arguments["ERR_DESC"] == "EXPIRED" || arguments["KSID"] == "EXPIRED"
    }

    /// Worth retrying later: the network, a 5xx or 429, Kaltura's internal error, an upload
    /// chunk the server could not yet place (UPLOAD_TOKEN_CANNOT_MATCH_EXPECTED_SIZE), or an
    /// expired KS (the client renews it). Everything else fails the same way again.
    public var isTransient: Bool {
        switch kind {
        case .transport(let error): return error.isTransient
        case .http(let status, _): return status >= 500 || status == 429
        case .invalidResponse: return false
        case .api(let code, _):
            return Self.transientCodes.contains(code) || isExpiredSession
        }
    }

    static let transientCodes: Set<String> = ["UPLOAD_TOKEN_CANNOT_MATCH_EXPECTED_SIZE", "INTERNAL_SERVERL_ERROR"]

    /// The partner id, admin secret or their permissions are wrong: retrying will not help and
    /// an operator must act. START_SESSION_ERROR, SERVICE_FORBIDDEN, INVALID_KS not expired.
    public var isCredentialProblem: Bool {
        switch code {
        case "START_SESSION_ERROR", "SERVICE_FORBIDDEN": return true
        case "INVALID_KS": return !isExpiredSession
        default: return false
        }
    }

    /// How long the server asked to wait (HTTP `Retry-After`), if it did.
    public var retryAfter: Duration? {
        if case .http(_, let retryAfter) = kind { return retryAfter }
        return nil
    }

    public var description: String {
        switch kind {
        case .api(let code, let message):
            let args = arguments.keys.sorted().map { "\($0)=\(arguments[$0] ?? "")" }.joined(separator: ", ")
            return Self.masked("Kaltura API error \(code): \(message)" + (args.isEmpty ? "" : " [\(args)]"))
        case .transport(let error):
            return "Kaltura unreachable: \(error)"
        case .http(let status, let retryAfter):
            return "Kaltura answered HTTP \(status)" + (retryAfter.map { " (retry after \($0.components.seconds) s)" } ?? "")
        case .invalidResponse(let reason):
            return Self.masked("unexpected Kaltura response: \(reason)")
        }
    }

    /// Replaces every word that looks like a KS v2 (base64 of `v2|`) with `<ks>`.
    static func masked(_ text: String) -> String {
        guard text.contains("djJ8") else { return text }
        var out = ""
        var rest = Substring(text)
        while let range = rest.firstRange(of: "djJ8") {
            out += rest[..<range.lowerBound]
            var end = range.upperBound
            while end < rest.endIndex, Self.isKSCharacter(rest[end]) { end = rest.index(after: end) }
            out += "<ks>"
            rest = rest[end...]
        }
        return out + rest
    }

    private static func isKSCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "-" || c == "_" || c == "=" || c == "+" || c == "/")
    }
}
