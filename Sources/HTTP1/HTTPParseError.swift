/// Why a request was rejected. Each error knows its HTTP status: this file is the one place where
/// parse failures map to 400, 413, 414, 417, 431, 501 and 505. After any of them the server
/// answers once and closes the connection (RFC 9112 §6.3: framing can no longer be trusted).
public struct HTTPParseError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Code: String, Sendable {
        case badRequestLine, badMethod, badTarget, badVersion, versionNotSupported, targetTooLong
        case headersTooLarge, tooManyHeaders, badHeaderName, whitespaceBeforeColon, obsFold
        case badHeaderValue, bareCR, bareLF
        case missingHost, duplicateHost, badHost
        case badContentLength, duplicateContentLength, contentLengthWithTransferEncoding
        case transferEncodingNotChunkedLast, unsupportedTransferCoding, transferEncodingOnHTTP10
        case badChunkSize, badChunkExtension, chunkExtensionsTooLarge, badChunkFraming
        case bodyTooLarge, trailersTooLarge, badTrailer, expectationFailed
    }

    private let code: Code

    private init(_ code: Code) { self.code = code }

    /// A malformed request line (`GET  /`, missing parts, stray bytes).
    public static let badRequestLine = Self(.badRequestLine)
    /// A method that is not a token.
    public static let badMethod = Self(.badMethod)
    /// A request-target with bytes outside URI syntax, or a form the method does not allow.
    public static let badTarget = Self(.badTarget)
    /// A malformed HTTP-version (`HTTP/1.`, `HTTP/01.1`, `http/1.1`).
    public static let badVersion = Self(.badVersion)
    /// A well-formed version other than HTTP/1.x, such as HTTP/2.0 (RFC 9110 §15.6.6).
    public static let versionNotSupported = Self(.versionNotSupported)
    /// A request-target over `ParserLimits.maxTargetBytes`.
    public static let targetTooLong = Self(.targetTooLong)
    /// A header section over `ParserLimits.maxHeaderBytes`.
    public static let headersTooLarge = Self(.headersTooLarge)
    /// More header fields than `ParserLimits.maxHeaderCount`.
    public static let tooManyHeaders = Self(.tooManyHeaders)
    /// A field name that is empty or not a token.
    public static let badHeaderName = Self(.badHeaderName)
    /// Whitespace between a field name and its colon (RFC 9112 §5.1: MUST reject).
    public static let whitespaceBeforeColon = Self(.whitespaceBeforeColon)
    /// A line folded onto the previous one, or whitespace before the first field (RFC 9112 §5.2, §2.2).
    public static let obsFold = Self(.obsFold)
    /// A field value with a control character, DEL or NUL (RFC 9110 §5.5).
    public static let badHeaderValue = Self(.badHeaderValue)
    /// A CR not followed by LF (RFC 9112 §2.2).
    public static let bareCR = Self(.bareCR)
    /// A line ending in LF without CR (policy: RFC 9112 §2.2 only allows accepting it).
    public static let bareLF = Self(.bareLF)
    /// An HTTP/1.1 request without Host (RFC 9112 §3.2).
    public static let missingHost = Self(.missingHost)
    /// More than one Host field (RFC 9112 §3.2).
    public static let duplicateHost = Self(.duplicateHost)
    /// A Host value that is not `uri-host [":" port]`.
    public static let badHost = Self(.badHost)
    /// A Content-Length that is not 1*DIGIT within range (RFC 9112 §6.3 (5)).
    public static let badContentLength = Self(.badContentLength)
    /// Content-Length given more than once, even with equal values (policy).
    public static let duplicateContentLength = Self(.duplicateContentLength)
    /// Both Transfer-Encoding and Content-Length (RFC 9112 §6.3 (3): reject and close).
    public static let contentLengthWithTransferEncoding = Self(.contentLengthWithTransferEncoding)
    /// Transfer-Encoding whose final coding is not chunked, or chunked twice (RFC 9112 §6.3 (4)).
    public static let transferEncodingNotChunkedLast = Self(.transferEncodingNotChunkedLast)
    /// A transfer coding other than chunked (RFC 9112 §6.1: 501).
    public static let unsupportedTransferCoding = Self(.unsupportedTransferCoding)
    /// Transfer-Encoding on an HTTP/1.0 request: framing is faulty (RFC 9112 §6.1).
    public static let transferEncodingOnHTTP10 = Self(.transferEncodingOnHTTP10)
    /// A chunk-size that is not 1*HEXDIG, or too large to represent.
    public static let badChunkSize = Self(.badChunkSize)
    /// A chunk extension that is not `;name[=value]` (RFC 9112 §7.1.1).
    public static let badChunkExtension = Self(.badChunkExtension)
    /// Chunk extensions over `ParserLimits.maxChunkExtensionBytes`, or a chunk line too long.
    public static let chunkExtensionsTooLarge = Self(.chunkExtensionsTooLarge)
    /// Chunk data not followed by CRLF.
    public static let badChunkFraming = Self(.badChunkFraming)
    /// A body over the route's limit (Content-Length or the sum of chunks).
    public static let bodyTooLarge = Self(.bodyTooLarge)
    /// A trailer section over `ParserLimits.maxHeaderBytes`.
    public static let trailersTooLarge = Self(.trailersTooLarge)
    /// A malformed trailer field line.
    public static let badTrailer = Self(.badTrailer)
    /// An Expect value other than 100-continue (RFC 9110 §10.1.1).
    public static let expectationFailed = Self(.expectationFailed)

    /// The status to answer with.
    public var status: HTTPStatus {
        switch code {
        case .versionNotSupported: .versionNotSupported
        case .targetTooLong: .uriTooLong
        case .headersTooLarge, .tooManyHeaders, .trailersTooLarge: .headerFieldsTooLarge
        case .bodyTooLarge: .contentTooLarge
        case .unsupportedTransferCoding: .notImplemented
        case .expectationFailed: .expectationFailed
        default: .badRequest
        }
    }

    /// A stable identifier, such as `bareLF`, for logs, JSON error bodies and test corpora.
    public var name: String { code.rawValue }

    /// A sentence a client developer can act on.
    public var description: String {
        switch code {
        case .badRequestLine: "malformed request line; expected 'METHOD SP target SP HTTP/1.1 CRLF'"
        case .badMethod: "request method is not a valid token"
        case .badTarget: "request-target has characters outside URI syntax or a form the method does not allow"
        case .badVersion: "malformed HTTP version; expected HTTP/1.0 or HTTP/1.1"
        case .versionNotSupported: "only HTTP/1.0 and HTTP/1.1 are served on this port"
        case .targetTooLong: "request-target is longer than the server accepts"
        case .headersTooLarge: "header section is larger than the server accepts"
        case .tooManyHeaders: "too many header fields"
        case .badHeaderName: "header field name is empty or not a token"
        case .whitespaceBeforeColon: "whitespace between a header field name and its colon"
        case .obsFold: "folded header line (obs-fold) or whitespace at the start of a header line"
        case .badHeaderValue: "header field value contains a control character"
        case .bareCR: "CR not followed by LF"
        case .bareLF: "line ends with LF without CR"
        case .missingHost: "HTTP/1.1 request without a Host header"
        case .duplicateHost: "more than one Host header"
        case .badHost: "Host header is not a valid host[:port]"
        case .badContentLength: "Content-Length is not a decimal number in range"
        case .duplicateContentLength: "Content-Length given more than once"
        case .contentLengthWithTransferEncoding: "both Transfer-Encoding and Content-Length given"
        case .transferEncodingNotChunkedLast: "Transfer-Encoding must end with a single 'chunked'"
        case .unsupportedTransferCoding: "only the chunked transfer coding is implemented"
        case .transferEncodingOnHTTP10: "Transfer-Encoding is not allowed on HTTP/1.0 requests"
        case .badChunkSize: "chunk size is not a hexadecimal number in range"
        case .badChunkExtension: "malformed chunk extension"
        case .chunkExtensionsTooLarge: "chunk extensions are larger than the server accepts"
        case .badChunkFraming: "chunk data is not followed by CRLF"
        case .bodyTooLarge: "request body is larger than this endpoint accepts"
        case .trailersTooLarge: "trailer section is larger than the server accepts"
        case .badTrailer: "malformed trailer field"
        case .expectationFailed: "only 'Expect: 100-continue' is supported"
        }
    }
}
