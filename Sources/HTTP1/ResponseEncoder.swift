/// Serializes response heads. HTTP1 only frames: which headers a response carries is the
/// server's business, and the one header it always writes, Content-Length, comes from here.
public enum ResponseEncoder {
    /// Appends a status line, the given fields, `Content-Length` and, when the connection is to
    /// close, `Connection: close`, then the blank line. The body is not included.
    /// - Parameters:
    ///   - status: the status to send.
    ///   - headers: fields to send as given; they must not contain CR or LF.
    ///   - contentLength: the body length (also for HEAD, where no body follows).
    ///   - close: whether to announce that the connection closes after this response.
    ///   - date: the `Date` value (IMF-fixdate) when the server has a clock; HTTP1 has none.
    ///   - buffer: receives the bytes.
    public static func encodeHead(status: HTTPStatus, headers: HTTPHeaders, contentLength: Int,
                                  close: Bool, date: String? = nil, into buffer: inout [UInt8]) {
        buffer.append(contentsOf: "HTTP/1.1 ".utf8)
        appendDecimal(status.code, to: &buffer)
        buffer.append(ByteClass.sp)
        buffer.append(contentsOf: status.reason.utf8)
        buffer.append(contentsOf: crlf)
        if let date {
            buffer.append(contentsOf: "Date: ".utf8)
            buffer.append(contentsOf: date.utf8)
            buffer.append(contentsOf: crlf)
        }
        for field in headers {
            precondition(!field.value.utf8.contains(ByteClass.cr) && !field.value.utf8.contains(ByteClass.lf)
                         && !field.name.utf8.contains(ByteClass.cr) && !field.name.utf8.contains(ByteClass.lf),
                         "response header with CR or LF: \(field.name)")
            buffer.append(contentsOf: field.name.utf8)
            buffer.append(contentsOf: ": ".utf8)
            buffer.append(contentsOf: field.value.utf8)
            buffer.append(contentsOf: crlf)
        }
        if status.code >= 200, status.code != 204 {
            buffer.append(contentsOf: "Content-Length: ".utf8)
            appendDecimal(contentLength, to: &buffer)
            buffer.append(contentsOf: crlf)
        }
        if close { buffer.append(contentsOf: "Connection: close\r\n".utf8) }
        buffer.append(contentsOf: crlf)
    }

    /// The interim response sent before reading a body the client held back with
    /// `Expect: 100-continue` (RFC 9110 §10.1.1).
    public static let continueResponse: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    private static let crlf: [UInt8] = [ByteClass.cr, ByteClass.lf]

    private static func appendDecimal(_ value: Int, to buffer: inout [UInt8]) {
        precondition(value >= 0)
        if value >= 10 { appendDecimal(value / 10, to: &buffer) }
        buffer.append(UInt8(0x30 + value % 10))
    }
}
