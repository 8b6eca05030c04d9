import Foundation
import HTTP1
import HTTPServer
import Jobs
import Platform

/// A malformed parameter, path segment or body: answered 400 with the code and a sentence
/// that says what to send instead.
struct BadInput: Error, Equatable {
    let code: String
    let detail: String

    init(_ code: String, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    var response: Response { .error(.badRequest, code: code, detail: detail) }
}

/// Parsing of what admins send: query strings, path segments, emails. Pure, strict (nothing
/// is guessed), and each refusal names the parameter.
enum AdminInput {
    /// Decodes `%XX` escapes (RFC 3986). `+` stays `+` (emails may contain it). The result
    /// must be UTF-8 without control characters.
    static func percentDecoded(_ text: Substring) -> String? {
        guard let decoded = PercentEncoding.decode(text),
              !decoded.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return nil }
        return decoded
    }

    /// `name=value` pairs of a query string, both percent-decoded, in order; empty pieces
    /// (`a=1&&b=2`) are skipped.
    static func queryItems(_ query: Substring?) throws(BadInput) -> [(name: String, value: String)] {
        guard let query else { return [] }
        var items: [(String, String)] = []
        for piece in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = piece.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = percentDecoded(parts[0]), let value = percentDecoded(parts.count > 1 ? parts[1] : "") else {
                throw BadInput("bad_query", "the query string has a malformed %-escape or a control character")
            }
            items.append((name, value))
        }
        return items
    }

    /// A positive decimal integer of at most 18 digits (no sign, no spaces).
    static func positiveInteger(_ text: String) -> Int64? {
        guard (1...18).contains(text.utf8.count), text.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
              let value = Int64(text), value > 0 else { return nil }
        return value
    }

    /// A job id from a path segment.
    static func jobID(_ segment: String?) throws(BadInput) -> Int64 {
        guard let segment, let id = positiveInteger(segment) else {
            throw BadInput("bad_job_id", "a job id is a positive integer, such as /jobs/42")
        }
        return id
    }

    /// A host email from a path segment, percent-decoded and checked loosely: one `@` with
    /// something on each side, no spaces, at most 254 characters. Returned lowercased.
    static func email(_ segment: String?) throws(BadInput) -> String {
        guard let segment, let decoded = percentDecoded(Substring(segment)) else {
            throw BadInput("bad_email", "the email in the path has a malformed %-escape or a control character")
        }
        guard isEmail(decoded) else {
            throw BadInput("bad_email", "\"\(decoded.prefix(80))\" is not an email address (one @, no spaces, at most 254 characters)")
        }
        return decoded.lowercased()
    }

    /// Counted and split by Unicode scalars, as `openapi.yaml`'s `Email` pattern reads it (by
    /// characters, an `@` followed by a combining mark would not be an `@`).
    static func isEmail(_ text: String) -> Bool {
        let scalars = text.unicodeScalars
        let parts = scalars.split(separator: "@", omittingEmptySubsequences: false)
        return scalars.count <= 254 && parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty
            && !scalars.contains(where: { $0.properties.isWhitespace })
    }

    /// A time given as RFC 3339 (`2026-05-28T10:00:00Z`, offsets and fractions allowed) or as
    /// milliseconds since the epoch; in milliseconds since the epoch.
    static func time(_ text: String) -> Int64? {
        if text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) {
            return text.utf8.count <= 15 ? Int64(text) : nil
        }
        return RFC3339.parse(text)
    }
}

/// JSON bodies of the admin API: snake_case keys, sorted, so that answers are stable.
enum AdminJSON {
    static func response<T: Encodable>(_ value: T, status: HTTPStatus = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let body = try? encoder.encode(value) else {
            return .error(.internalServerError, detail: "could not encode the answer")
        }
        return .json(status, Array(body))
    }

    /// The answer for a store failure other than the ones a route handles itself.
    static func storeFailure(_ error: JobStoreError) -> Response {
        switch error {
        case .unavailable:
            .error(.serviceUnavailable, code: "store_unavailable", detail: "the job store is unavailable; retry later",
                   headers: [("Retry-After", "60")])
        case .notFound(let id):
            .error(.notFound, code: "job_not_found", detail: "job \(id) does not exist")
        case .invalidState(let id, let state):
            .error(.conflict, code: "invalid_state", detail: "job \(id) is \(state.rawValue); the action does not apply")
        case .leaseLost(let id):
            .error(.conflict, code: "invalid_state", detail: "job \(id) changed meanwhile; try again")
        }
    }
}
