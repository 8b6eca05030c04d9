import Config
import Foundation
import Jobs

/// Parsing of `OVERRIDES_FILE` and `OPT_OUT_FILE`. A file starting with `{` or `[` is JSON:
/// overrides `{"email": "userId", …}` or `[{"email": …, "user_id": …}, …]` (other keys of an
/// entry are ignored), opt-outs `["email", …]`. Anything else is CSV: overrides
/// `email,user_id` per line, opt-outs one email per line (the first column); blank lines, `#`
/// comments and a first line `email,…` (a header) are ignored, and fields may be quoted
/// (`"a,b"`, `""` for a quote). Every bad line is an error naming the file and line; nothing
/// is silently dropped.
enum PolicyFile {
    /// One table row: an email, and for overrides the user id, with where it came from.
    struct Row {
        var email: String
        var userID: String?
        /// 1-based; nil when a JSON entry could not be placed.
        var line: Int?
        /// "entry 3: " for a JSON entry without a line, else "": put before a message.
        var place: String = ""
    }

    static func read(_ path: String) throws(PolicyFileError) -> String {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw PolicyFileError(file: path, line: nil, "cannot be read (\(reason(error))); check the path and its permissions.")
        }
        guard var text = String(data: data, encoding: .utf8) else {
            throw PolicyFileError(file: path, line: nil, "is not UTF-8 text; save it as UTF-8 CSV or JSON.")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }  // a spreadsheet's byte-order mark
        return text
    }

    static func overrides(_ text: String, file: String) throws(PolicyFileError) -> [String: String] {
        let rows = isJSON(text) ? try jsonOverrides(text, file: file) : try csvRows(text, file: file, columns: 2)
        var table: [String: String] = [:]
        for row in rows {
            let email = try checkedEmail(row, file: file)
            guard let userID = row.userID?.trimmingCharacters(in: .whitespaces), !userID.isEmpty else {
                throw PolicyFileError(file: file, line: row.line, "\(row.place)has no Kaltura user id for \(email); write email,user_id.")
            }
            guard Configuration.isValidKalturaUserID(userID) else {
                throw PolicyFileError(file: file, line: row.line,
                                      "\(row.place)\"\(userID)\" is not a Kaltura user id (1 to 320 letters, digits or any of ,!#$%&'*+?^_`{|}~.@-).")
            }
            if let earlier = table[email], earlier != userID {
                throw PolicyFileError(file: file, line: row.line,
                                      "\(row.place)\(email) is already mapped to \(earlier) above; keep one line per email.")
            }
            table[email] = userID
        }
        return table
    }

    static func optOuts(_ text: String, file: String) throws(PolicyFileError) -> Set<String> {
        let rows = isJSON(text) ? try jsonOptOuts(text, file: file) : try csvRows(text, file: file, columns: nil)
        var emails = Set<String>()
        for row in rows { emails.insert(try checkedEmail(row, file: file)) }
        return emails
    }

    static func isJSON(_ text: String) -> Bool {
        guard let first = text.first(where: { !$0.isWhitespace }) else { return false }
        return first == "{" || first == "["
    }

    /// The 1-based line of a byte offset.
    static func line(ofOffset offset: Int, in text: String) -> Int {
        text.utf8.prefix(offset).reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
    }

    private static func checkedEmail(_ row: Row, file: String) throws(PolicyFileError) -> String {
        let email = RuleEmail.normalized(row.email)
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, email.utf8.count <= 320,
              !email.contains(where: { $0.isWhitespace || $0 == "," || $0 == "\"" }) else {
            throw PolicyFileError(file: file, line: row.line, "\(row.place)\"\(row.email)\" is not an email address.")
        }
        return email
    }

    /// "No such file or directory", "Permission denied": the system's words, not Foundation's.
    private static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let posix = nsError.userInfo[NSUnderlyingErrorKey] as? POSIXError {
            return String(cString: strerror(posix.code.rawValue))
        }
        return nsError.localizedDescription
    }
}
