/// `chunk-size [ chunk-ext ] CRLF` (RFC 9112 §7.1), CRLF already removed.
///
/// chunk-ext = *( BWS ";" BWS ext-name [ BWS "=" BWS ext-val ] ), ext-val = token / quoted-string.
struct ChunkLine: Equatable {
    var size: Int
    var extensionBytes: Int

    /// 15 hex digits are 60 bits: any more could overflow, and no route accepts such a body.
    static let maxSizeDigits = 15

    static func parse(_ line: UnsafeRawBufferPointer) -> Result<ChunkLine, HTTPParseError> {
        var i = 0
        var size = 0
        while i < line.count, let digit = ByteClass.hexValue(line[i]) {
            if i == maxSizeDigits { return .failure(.badChunkSize) }
            size = size << 4 | digit
            i += 1
        }
        if i == 0 { return .failure(.badChunkSize) }
        let extensionStart = i
        // Anything after the size must be extensions: optional whitespace, then ";".
        var j = skipWhitespace(line, i)
        if j < line.count, line[j] != UInt8(ascii: ";") { return .failure(.badChunkSize) }
        if j == line.count, j != i { return .failure(.badChunkSize) }
        while j < line.count {
            guard line[j] == UInt8(ascii: ";") else { return .failure(.badChunkExtension) }
            j = skipWhitespace(line, j + 1)
            let nameStart = j
            while j < line.count, ByteClass.token[Int(line[j])] { j += 1 }
            if j == nameStart { return .failure(.badChunkExtension) }
            j = skipWhitespace(line, j)
            if j < line.count, line[j] == UInt8(ascii: "=") {
                j = skipWhitespace(line, j + 1)
                guard let end = extensionValueEnd(line, j) else { return .failure(.badChunkExtension) }
                j = skipWhitespace(line, end)
            }
        }
        return .success(ChunkLine(size: size, extensionBytes: line.count - extensionStart))
    }

    private static func skipWhitespace(_ line: UnsafeRawBufferPointer, _ from: Int) -> Int {
        var i = from
        while i < line.count, line[i] == ByteClass.sp || line[i] == ByteClass.htab { i += 1 }
        return i
    }

    /// - Returns: the index after a token or quoted-string starting at `from`, nil if neither.
    private static func extensionValueEnd(_ line: UnsafeRawBufferPointer, _ from: Int) -> Int? {
        var i = from
        guard i < line.count else { return nil }
        if line[i] != UInt8(ascii: "\"") {
            while i < line.count, ByteClass.token[Int(line[i])] { i += 1 }
            return i == from ? nil : i
        }
        i += 1
        while i < line.count {
            switch line[i] {
            case UInt8(ascii: "\""): return i + 1
            case UInt8(ascii: "\\"):
                // quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text )
                guard i + 1 < line.count, ByteClass.fieldValue[Int(line[i + 1])] else { return nil }
                i += 2
            case let b where ByteClass.fieldValue[Int(b)]: i += 1
            default: return nil
            }
        }
        return nil
    }
}
