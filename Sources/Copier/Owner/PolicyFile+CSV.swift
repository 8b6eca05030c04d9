import Foundation

/// The CSV shape: one row per line; blank lines, `#` comments and a first row whose first field
/// is `email` (a header) are skipped. Line numbers count every line, CRLF or LF.
extension PolicyFile {
    /// - Parameter columns: the exact field count (2 for overrides); nil takes the first field.
    static func csvRows(_ text: String, file: String, columns: Int?) throws(PolicyFileError) -> [Row] {
        var rows: [Row] = []
        var sawFirstRow = false
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for (index, line) in lines.enumerated() {
            let number = index + 1
            let content = line.drop { $0.isWhitespace }
            if content.isEmpty || content.hasPrefix("#") { continue }
            guard let fields = CSVFields.split(line) else {
                throw PolicyFileError(file: file, line: number,
                                      "has a misplaced or unclosed quote; quote whole fields, such as \"jane@uni.edu\", with \"\" for a quote inside.")
            }
            if !sawFirstRow {
                sawFirstRow = true
                if fields[0].lowercased() == "email" { continue }
            }
            if let columns, fields.count != columns {
                throw PolicyFileError(file: file, line: number, "has \(fields.count) \(fields.count == 1 ? "field" : "fields"); write email,user_id.")
            }
            rows.append(Row(email: fields[0], userID: columns == nil ? nil : fields[1], line: number))
        }
        return rows
    }
}

/// Splits one CSV line into fields: unquoted fields are trimmed; quoted ones keep their
/// content, with `""` for a quote. nil when a quote is unclosed or text follows a closing quote.
enum CSVFields {
    static func split(_ line: Substring) -> [String]? {
        var fields: [String] = []
        var i = line.startIndex
        func skipBlanks() { while i < line.endIndex, line[i] == " " || line[i] == "\t" { i = line.index(after: i) } }
        while true {
            skipBlanks()
            var field = ""
            if i < line.endIndex, line[i] == "\"" {
                i = line.index(after: i)
                var closed = false
                while i < line.endIndex {
                    let c = line[i]
                    i = line.index(after: i)
                    if c != "\"" {
                        field.append(c)
                    } else if i < line.endIndex, line[i] == "\"" {
                        field.append("\"")
                        i = line.index(after: i)
                    } else {
                        closed = true
                        break
                    }
                }
                skipBlanks()
                guard closed, i == line.endIndex || line[i] == "," else { return nil }
            } else {
                let start = i
                while i < line.endIndex, line[i] != "," {
                    if line[i] == "\"" { return nil }
                    i = line.index(after: i)
                }
                field = String(line[start..<i]).trimmingCharacters(in: .whitespaces)
            }
            fields.append(field)
            if i == line.endIndex { return fields }
            i = line.index(after: i)  // the comma
        }
    }
}
