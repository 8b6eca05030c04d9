#if canImport(Glibc)
import Glibc
#endif

/// A parsed `multipart/form-data` body (RFC 7578): plain fields and file parts. Strict about
/// the framing a real PHP server needs; a part without a name is dropped, as PHP does.
struct MultipartForm {
    struct FilePart {
        var name: String
        var filename: String
        var contentType: String?
        var data: [UInt8]
    }

    var fields: [(String, String)] = []
    var files: [FilePart] = []

    /// - Parameters:
    ///   - body: the request body.
    ///   - contentType: the request's `Content-Type`, which carries the boundary.
    /// - Returns: nil when the boundary is missing or the body is not framed by it.
    init?(body: [UInt8], contentType: String) {
        guard let boundary = Self.boundary(of: contentType), !boundary.isEmpty else { return nil }
        let delimiter = Array("--\(boundary)".utf8)
        guard let first = Self.find(delimiter, in: body, from: 0) else { return nil }
        var position = first + delimiter.count
        while true {
            // After a delimiter: "--" ends the body, CRLF starts a part.
            if body.count >= position + 2, body[position] == UInt8(ascii: "-"), body[position + 1] == UInt8(ascii: "-") { return }
            guard body.count >= position + 2, body[position] == 13, body[position + 1] == 10 else { return nil }
            position += 2
            guard let headerEnd = Self.find([13, 10, 13, 10], in: body, from: position) else { return nil }
            let headerText = String(decoding: body[position..<headerEnd], as: UTF8.self)
            let contentStart = headerEnd + 4
            guard let next = Self.find([13, 10] + delimiter, in: body, from: contentStart) else { return nil }
            let content = Array(body[contentStart..<next])
            position = next + 2 + delimiter.count
            var name: String?
            var filename: String?
            var partType: String?
            for line in headerText.split(separator: "\r\n") {
                guard let colon = line.firstIndex(of: ":") else { continue }
                let fieldName = line[..<colon].lowercased()
                let value = line[line.index(after: colon)...].trimming(" \t")
                if fieldName == "content-disposition" {
                    name = Self.parameter("name", in: value)
                    filename = Self.parameter("filename", in: value)
                } else if fieldName == "content-type" {
                    partType = String(value)
                }
            }
            guard let name else { continue }
            if let filename {
                files.append(FilePart(name: name, filename: filename, contentType: partType, data: content))
            } else {
                fields.append((name, String(decoding: content, as: UTF8.self)))
            }
        }
    }

    static func boundary(of contentType: String) -> String? {
        parameter("boundary", in: Substring(contentType))
    }

    /// `name="value"` or `name=value` from a header value with `;`-separated parameters.
    static func parameter(_ name: String, in value: Substring) -> String? {
        for piece in value.split(separator: ";").dropFirst() {
            let trimmed = piece.trimming(" \t")
            guard let equals = trimmed.firstIndex(of: "=") else { continue }
            guard trimmed[..<equals].lowercased() == name else { continue }
            var raw = trimmed[trimmed.index(after: equals)...]
            if raw.hasPrefix("\""), raw.hasSuffix("\""), raw.count >= 2 { raw = raw.dropFirst().dropLast() }
            return String(raw)
        }
        return nil
    }

    /// The first index of `needle` in `haystack` at or after `start`: memchr for the first byte,
    /// memcmp for the rest (fast enough for chunks of many MiB in a debug build).
    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, start <= haystack.count else { return nil }
        return haystack.withUnsafeBytes { hay in
            needle.withUnsafeBytes { pin -> Int? in
                guard let base = hay.baseAddress, let pinBase = pin.baseAddress else { return nil }
                var position = start
                while hay.count - position >= pin.count {
                    guard let hit = memchr(base + position, Int32(needle[0]), hay.count - position - pin.count + 1) else {
                        return nil
                    }
                    let index = UnsafeRawPointer(hit) - base
                    if memcmp(hit, pinBase, pin.count) == 0 { return index }
                    position = index + 1
                }
                return nil
            }
        }
    }
}

extension Substring {
    func trimming(_ set: String) -> Substring {
        var result = self
        while let first = result.first, set.contains(first) { result = result.dropFirst() }
        while let last = result.last, set.contains(last) { result = result.dropLast() }
        return result
    }
}
