/// One `field-name ":" OWS field-value OWS` line (RFC 9112 §5), CRLF already removed.
enum FieldLine {
    /// - Returns: the name and the trimmed value as ranges of `line`, or why the line is invalid.
    static func split(_ line: UnsafeRawBufferPointer) -> Result<(name: Range<Int>, value: Range<Int>), HTTPParseError> {
        guard let first = line.first else { return .failure(.badHeaderName) }
        if first == ByteClass.sp || first == ByteClass.htab { return .failure(.obsFold) }
        var i = 0
        while i < line.count, ByteClass.token[Int(line[i])] { i += 1 }
        guard i < line.count else { return .failure(.badHeaderName) }
        if line[i] == ByteClass.sp || line[i] == ByteClass.htab { return .failure(.whitespaceBeforeColon) }
        guard line[i] == ByteClass.colon, i > 0 else { return .failure(.badHeaderName) }
        let name = 0..<i
        var start = i + 1
        var end = line.count
        while start < end, line[start] == ByteClass.sp || line[start] == ByteClass.htab { start += 1 }
        while end > start, line[end - 1] == ByteClass.sp || line[end - 1] == ByteClass.htab { end -= 1 }
        for j in start..<end where !ByteClass.fieldValue[Int(line[j])] {
            return .failure(.badHeaderValue)
        }
        return .success((name, start..<end))
    }

    /// Validates a trailer line the same way; trailers are parsed and dropped.
    /// - Returns: nil when the line is invalid.
    static func parse(_ line: UnsafeRawBufferPointer) -> (name: Range<Int>, value: Range<Int>)? {
        try? split(line).get()
    }
}
