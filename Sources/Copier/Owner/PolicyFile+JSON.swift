import Foundation

/// The JSON shapes: overrides `{"email": "userId"}` or `[{"email": …, "user_id": …}]`,
/// opt-outs `["email", …]`. An entry is placed on the line where its email first appears.
extension PolicyFile {
    static func jsonOverrides(_ text: String, file: String) throws(PolicyFileError) -> [Row] {
        let shape = "a JSON object {\"email\": \"user id\", …} or an array [{\"email\": …, \"user_id\": …}, …]"
        switch try parse(text, file: file) {
        case let object as [String: Any]:
            var rows: [Row] = []
            for (key, value) in object {
                var row = placed(Row(email: key), index: nil, in: text)
                guard let userID = value as? String else {
                    throw PolicyFileError(file: file, line: row.line, "\(row.place)the user id for \"\(key)\" must be a string.")
                }
                row.userID = userID
                rows.append(row)
            }
            return rows.sorted { ($0.line ?? .max, $0.email) < ($1.line ?? .max, $1.email) }
        case let array as [Any]:
            var rows: [Row] = []
            for (index, element) in array.enumerated() {
                let entry = element as? [String: Any]
                guard let email = entry?["email"] as? String, let userID = entry?["user_id"] as? String else {
                    let row = placed(Row(email: (entry?["email"] as? String) ?? ""), index: index, in: text)
                    throw PolicyFileError(file: file, line: row.line,
                                          "\(row.place.isEmpty ? "entry \(index + 1): " : row.place)each entry must be {\"email\": \"…\", \"user_id\": \"…\"} with string values.")
                }
                rows.append(placed(Row(email: email, userID: userID), index: index, in: text))
            }
            return rows
        default:
            throw PolicyFileError(file: file, line: nil, "must be \(shape).")
        }
    }

    static func jsonOptOuts(_ text: String, file: String) throws(PolicyFileError) -> [Row] {
        guard let array = try parse(text, file: file) as? [Any] else {
            throw PolicyFileError(file: file, line: nil, "must be a JSON array of emails, [\"jane@uni.edu\", …].")
        }
        var rows: [Row] = []
        for (index, element) in array.enumerated() {
            guard let email = element as? String else {
                throw PolicyFileError(file: file, line: nil, "entry \(index + 1): must be an email, as a string.")
            }
            rows.append(placed(Row(email: email), index: index, in: text))
        }
        return rows
    }

    private static func parse(_ text: String, file: String) throws(PolicyFileError) -> Any {
        do {
            return try JSONSerialization.jsonObject(with: Data(text.utf8))
        } catch {
            // Foundation says where: "… around character 13." (Linux) or "… around line 2, column 3." (Darwin).
            let detail = (error as NSError).userInfo["NSDebugDescription"] as? String ?? "malformed"
            var line: Int?
            if let range = detail.range(of: "around line ") {
                line = Int(detail[range.upperBound...].prefix { $0.isNumber })
            } else if let range = detail.range(of: "character ") {
                line = Int(detail[range.upperBound...].prefix { $0.isNumber }).map { PolicyFile.line(ofOffset: $0, in: text) }
            }
            throw PolicyFileError(file: file, line: line, "is not valid JSON (\(detail)).")
        }
    }

    /// Puts a row on the line where its email first appears as a JSON string; when it cannot be
    /// found (escapes), names the entry instead.
    private static func placed(_ row: Row, index: Int?, in text: String) -> Row {
        var row = row
        if !row.email.isEmpty, let range = text.range(of: "\"\(row.email)\"") {
            row.line = line(ofOffset: text.utf8.distance(from: text.startIndex, to: range.lowerBound), in: text)
        } else {
            row.place = index.map { "entry \($0 + 1): " } ?? "entry \"\(row.email)\": "
        }
        return row
    }
}
