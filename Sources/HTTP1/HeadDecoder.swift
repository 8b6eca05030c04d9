/// Decodes a complete header section whose line endings `RequestParser.scanHead` already checked:
/// the request line (RFC 9112 §3), the field lines (§5) and the framing rules (§6).
enum HeadDecoder {
    /// - Parameters:
    ///   - bytes: the header section, from the request line through the final CRLF CRLF.
    ///   - requestLineEnd: the index just past the request line's LF.
    static func decode(_ bytes: UnsafeRawBufferPointer, requestLineEnd: Int,
                       limits: ParserLimits) -> Result<RequestHead, HTTPParseError> {
        let line = UnsafeRawBufferPointer(rebasing: bytes[0..<(requestLineEnd - 2)])
        let requestLine: RequestLine
        switch RequestLine.parse(line, maxTargetBytes: limits.maxTargetBytes) {
        case .success(let parsed): requestLine = parsed
        case .failure(let error): return .failure(error)
        }

        var headers = HTTPHeaders()
        var framing = FramingFields()
        var pos = requestLineEnd
        let end = bytes.count - 2
        while pos < end {
            var lf = pos
            while bytes[lf] != ByteClass.lf { lf += 1 }
            let fieldLine = UnsafeRawBufferPointer(rebasing: bytes[pos..<(lf - 1)])
            pos = lf + 1
            switch FieldLine.split(fieldLine) {
            case .failure(let error):
                return .failure(error)
            case .success(let field):
                if headers.count == limits.maxHeaderCount { return .failure(.tooManyHeaders) }
                let name = UnsafeRawBufferPointer(rebasing: fieldLine[field.name])
                let value = UnsafeRawBufferPointer(rebasing: fieldLine[field.value])
                if let error = framing.note(name: name, value: value) { return .failure(error) }
                headers.add(name: String(decoding: name, as: UTF8.self), value: String(decoding: value, as: UTF8.self))
            }
        }
        return framing.head(for: requestLine, headers: headers)
    }
}

/// The fields that decide framing and connection handling, gathered while decoding.
struct FramingFields {
    var hostCount = 0
    var hostValid = true
    var contentLength: Int?
    var contentLengthCount = 0
    var transferCodings: [Substring] = []
    var hasTransferEncoding = false
    var close = false
    var keepAlive = false
    var expect: String?

    /// Records one field if it matters for framing.
    /// - Returns: an error as soon as a single field is invalid on its own.
    mutating func note(name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) -> HTTPParseError? {
        switch name.count {
        case 4 where Self.equals(name, "host"):
            hostCount += 1
            hostValid = hostValid && Self.isValidHost(value)
        case 14 where Self.equals(name, "content-length"):
            contentLengthCount += 1
            if contentLengthCount > 1 { return .duplicateContentLength }
            guard (1...18).contains(value.count), value.allSatisfy(ByteClass.isDigit) else {
                return .badContentLength
            }
            contentLength = value.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        case 17 where Self.equals(name, "transfer-encoding"):
            hasTransferEncoding = true
            transferCodings += String(decoding: value, as: UTF8.self)
                .split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingWhitespace() }
        case 10 where Self.equals(name, "connection"):
            for option in String(decoding: value, as: UTF8.self).split(separator: ",") {
                let token = String(option.trimmingWhitespace())
                if equalsCaseInsensitive(token, "close") { close = true }
                if equalsCaseInsensitive(token, "keep-alive") { keepAlive = true }
            }
        case 6 where Self.equals(name, "expect"):
            expect = String(decoding: value, as: UTF8.self)
        default:
            break
        }
        return nil
    }

    /// Applies RFC 9112 §3.2 (Host) and §6 (framing) to the whole header section.
    func head(for line: RequestLine, headers: HTTPHeaders) -> Result<RequestHead, HTTPParseError> {
        let isHTTP11 = line.version.minor >= 1
        if hostCount > 1 { return .failure(.duplicateHost) }
        if hostCount == 0, isHTTP11 { return .failure(.missingHost) }
        if !hostValid { return .failure(.badHost) }

        var framing = BodyFraming.none
        if hasTransferEncoding {
            if !isHTTP11 { return .failure(.transferEncodingOnHTTP10) }           // §6.1
            if contentLengthCount > 0 { return .failure(.contentLengthWithTransferEncoding) }  // §6.3 (3)
            let valid = transferCodings.allSatisfy { !$0.isEmpty && $0.utf8.allSatisfy { ByteClass.token[Int($0)] } }
            let chunkedCount = transferCodings.filter { equalsCaseInsensitive(String($0), "chunked") }.count
            guard valid, chunkedCount == 1, let last = transferCodings.last,
                  equalsCaseInsensitive(String(last), "chunked") else {
                return .failure(.transferEncodingNotChunkedLast)                   // §6.3 (4)
            }
            if transferCodings.count > 1 { return .failure(.unsupportedTransferCoding) }  // §6.1: 501
            framing = .chunked
        } else if let length = contentLength {
            framing = .length(length)
        }

        var expectContinue = false
        if let expect, isHTTP11 {                                                  // RFC 9110 §10.1.1
            guard equalsCaseInsensitive(String(expect), "100-continue") else { return .failure(.expectationFailed) }
            expectContinue = true
        }
        let keepAlive = isHTTP11 ? !close : (keepAlive && !close)
        return .success(RequestHead(method: line.method, target: line.target, version: line.version,
                                    headers: headers, keepAlive: keepAlive, framing: framing,
                                    expectContinue: expectContinue))
    }

    /// ASCII case-insensitive match of a field name against a lowercase literal.
    static func equals(_ bytes: UnsafeRawBufferPointer, _ lowercase: StaticString) -> Bool {
        guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
        let literal = UnsafeRawBufferPointer(start: lowercase.utf8Start, count: lowercase.utf8CodeUnitCount)
        for i in 0..<bytes.count {
            let b = bytes[i]
            let lower = (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b
            if lower != literal[i] { return false }
        }
        return true
    }

    /// `uri-host [":" port]` (RFC 9110 §7.2): a reg-name or IPv4 address, or an IP-literal in
    /// brackets, then an optional decimal port. An empty value is valid (RFC 9112 §3.2).
    static func isValidHost(_ value: UnsafeRawBufferPointer) -> Bool {
        guard value.allSatisfy({ ByteClass.host[Int($0)] }) else { return false }
        var i = 0
        if value.first == UInt8(ascii: "[") {
            guard let close = value.firstIndex(of: UInt8(ascii: "]")), close > 1 else { return false }
            if value[1..<close].contains(where: { $0 == UInt8(ascii: "[") }) { return false }
            i = close + 1
        } else {
            while i < value.count, value[i] != UInt8(ascii: ":") {
                if value[i] == UInt8(ascii: "[") || value[i] == UInt8(ascii: "]") { return false }
                i += 1
            }
        }
        if i == value.count { return true }
        guard value[i] == UInt8(ascii: ":") else { return false }
        let port = value[(i + 1)...]
        return port.count <= 5 && port.allSatisfy(ByteClass.isDigit)
    }
}

extension Substring {
    /// Without leading and trailing SP and HTAB (OWS).
    func trimmingWhitespace() -> Substring {
        var s = self
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return s
    }
}
