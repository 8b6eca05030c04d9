/// `method SP request-target SP HTTP-version` (RFC 9112 §3), CRLF already removed.
struct RequestLine {
    var method: String
    var target: String
    var version: HTTPVersion

    static func parse(_ line: UnsafeRawBufferPointer, maxTargetBytes: Int) -> Result<RequestLine, HTTPParseError> {
        var i = 0
        while i < line.count, ByteClass.token[Int(line[i])] { i += 1 }
        guard i > 0, i < line.count else { return .failure(.badRequestLine) }
        guard line[i] == ByteClass.sp else {
            return .failure(line[i] == ByteClass.htab ? .badRequestLine : .badMethod)
        }
        let targetStart = i + 1
        var j = targetStart
        while j < line.count, line[j] != ByteClass.sp { j += 1 }
        guard j > targetStart, j < line.count else { return .failure(.badRequestLine) }
        if j - targetStart > maxTargetBytes { return .failure(.targetTooLong) }
        let targetBytes = UnsafeRawBufferPointer(rebasing: line[targetStart..<j])
        guard targetBytes.allSatisfy({ ByteClass.target[Int($0)] }) else { return .failure(.badTarget) }

        let versionBytes = UnsafeRawBufferPointer(rebasing: line[(j + 1)...])
        let version: HTTPVersion
        switch parseVersion(versionBytes) {
        case .success(let v): version = v
        case .failure(let error): return .failure(error)
        }
        let method = String(decoding: UnsafeRawBufferPointer(rebasing: line[0..<i]), as: UTF8.self)
        let target = String(decoding: targetBytes, as: UTF8.self)
        guard isAllowedForm(target, method: method) else { return .failure(.badTarget) }
        return .success(RequestLine(method: method, target: target, version: version))
    }

    /// `HTTP/` DIGIT `.` DIGIT, case-sensitive (RFC 9112 §2.3).
    private static func parseVersion(_ v: UnsafeRawBufferPointer) -> Result<HTTPVersion, HTTPParseError> {
        if v.contains(ByteClass.sp) { return .failure(.badRequestLine) }
        guard v.count == 8, v.starts(with: "HTTP/".utf8), ByteClass.isDigit(v[5]),
              v[6] == UInt8(ascii: "."), ByteClass.isDigit(v[7]) else {
            return .failure(.badVersion)
        }
        let major = Int(v[5] - 0x30)
        let minor = Int(v[7] - 0x30)
        // HTTP/2 and later are not spoken on this port; 0.9 has no request line of this shape.
        guard major == 1 else { return .failure(.versionNotSupported) }
        return .success(HTTPVersion(major: 1, minor: minor))
    }

    /// RFC 9112 §3.2: origin-form for every method, absolute-form (http/https), authority-form
    /// only for CONNECT, asterisk-form only for OPTIONS.
    private static func isAllowedForm(_ target: String, method: String) -> Bool {
        if target.utf8.first == UInt8(ascii: "/") { return true }
        if target == "*" { return method == "OPTIONS" }
        if method == "CONNECT" { return !target.contains("/") && target.contains(":") }
        let lower = target.lowercased()
        return (lower.hasPrefix("http://") && lower.utf8.count > 7)
            || (lower.hasPrefix("https://") && lower.utf8.count > 8)
    }
}
