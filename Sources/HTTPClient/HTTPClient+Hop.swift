import CCurl
import CCurlShims

/// One hop: configure the handle from scratch, perform, map the outcome.
extension HTTPClient {
    /// What libcurl points into during a hop; alive until `curl_easy_perform` returns.
    private struct HopResources {
        var headers: HeaderList
        var upload: UploadSource?
        var form: MimeForm?
    }

    /// libcurl's receive buffer: larger than the 16 KiB default, for fewer callbacks on big downloads.
    private static let receiveBufferBytes = 128 * 1024

    func performHop(_ hop: HTTPRequest, on handle: EasyHandle, state: TransferState, remaining: Duration?,
                    sendCredentials: Bool) throws(HTTPClientError) {
        try handle.reset()
        let resources = try configure(handle, for: hop, state: state, remaining: remaining,
                                      sendCredentials: sendCredentials)
        let code = withExtendedLifetime((state, resources)) { handle.perform() }
        switch state.stop {
        case .tooLarge?: throw .responseTooLarge
        case .aborted?: throw .abortedByCallback
        case .cancelled?: throw .cancelled
        case nil: break
        }
        guard code == CURLE_OK else { throw CurlCode.error(code, message: handle.errorMessage) }
    }

    private func configure(_ handle: EasyHandle, for hop: HTTPRequest, state: TransferState,
                           remaining: Duration?, sendCredentials: Bool) throws(HTTPClientError) -> HopResources {
        guard !hop.method.isEmpty, hop.method.utf8.allSatisfy(Self.isTokenByte) else {
            throw .invalidRequest("the method is not an HTTP token")
        }
        try handle.set(CURLOPT_URL, hop.url)
        try handle.set(CURLOPT_NOSIGNAL, 1)
        try handle.set(CURLOPT_PROTOCOLS_STR, "http,https")
        try handle.set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        try handle.set(CURLOPT_FOLLOWLOCATION, 0)          // redirects are ours: checked per hop
        try handle.set(CURLOPT_SSL_VERIFYPEER, 1)          // libcurl's defaults, stated
        try handle.set(CURLOPT_SSL_VERIFYHOST, 2)
        try handle.set(CURLOPT_USERAGENT, userAgent)
        try handle.set(CURLOPT_BUFFERSIZE, Self.receiveBufferBytes)
        try handle.set(CURLOPT_TCP_KEEPALIVE, 1)
        try handle.set(CURLOPT_SUPPRESS_CONNECT_HEADERS, 1)   // a proxy's CONNECT answer is not our head
        try applyTimeouts(hop.timeouts, remaining: remaining, to: handle)

        let headers = try headerList(for: hop, sendCredentials: sendCredentials)
        try handle.setHeaders(headers)
        var resources = HopResources(headers: headers)
        try applyBody(hop, to: handle, resources: &resources)
        if let maxBytes = state.collectLimit, hop.method != "HEAD" {   // refuses a large Content-Length up front
            try handle.set(CURLOPT_MAXFILESIZE_LARGE, offset: Int64(maxBytes))
        }
        try installCallbacks(on: handle, state: state, cancellable: hop.cancellation != nil)
        return resources
    }

    private func applyTimeouts(_ timeouts: HTTPTimeouts, remaining: Duration?, to handle: EasyHandle) throws(HTTPClientError) {
        try handle.set(CURLOPT_CONNECTTIMEOUT_MS, timeouts.connect.curlMilliseconds)
        if let remaining { try handle.set(CURLOPT_TIMEOUT_MS, remaining.curlMilliseconds) }
        if timeouts.lowSpeedBytesPerSecond > 0 {
            try handle.set(CURLOPT_LOW_SPEED_LIMIT, timeouts.lowSpeedBytesPerSecond)
            try handle.set(CURLOPT_LOW_SPEED_TIME, timeouts.lowSpeedWindow.curlSeconds)
        }
    }

    /// The caller's headers, minus credentials off-origin; `Expect:` suppresses libcurl's
    /// 100-continue wait, `Content-Type:` its form-urlencoded default for POST bodies.
    private func headerList(for hop: HTTPRequest, sendCredentials: Bool) throws(HTTPClientError) -> HeaderList {
        let list = HeaderList()
        for header in hop.headers {
            guard !header.name.isEmpty, header.name.utf8.allSatisfy(Self.isTokenByte) else {
                throw .invalidRequest("header name \"\(header.name)\" is not an HTTP token")
            }
            guard !header.value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) else {
                throw .invalidRequest("the value of header \(header.name) contains CR, LF or NUL")
            }
            let isCredential = asciiCaseInsensitiveEquals(header.name, "Authorization")
                || asciiCaseInsensitiveEquals(header.name, "Cookie")
            if isCredential && !sendCredentials { continue }
            try list.append(header.value.isEmpty ? "\(header.name);" : "\(header.name): \(header.value)")
        }
        if !hop.headers.contains(name: "Expect") { try list.append("Expect:") }
        if case .multipart = hop.body {} else if !hop.headers.contains(name: "Content-Type") {
            try list.append("Content-Type:")
        }
        return list
    }

    private func applyBody(_ hop: HTTPRequest, to handle: EasyHandle, resources: inout HopResources) throws(HTTPClientError) {
        var bytes: [UInt8]?
        switch hop.body {
        case .empty:
            switch hop.method {
            case "GET": try handle.set(CURLOPT_HTTPGET, 1)
            case "HEAD": try handle.set(CURLOPT_NOBODY, 1)
            case "POST", "PUT", "PATCH": bytes = []             // Content-Length: 0
            default: try handle.set(CURLOPT_CUSTOMREQUEST, hop.method)
            }
        case .bytes(let body):
            bytes = body
        case .multipart(let parts):
            let form = try MimeForm(handle: handle, parts: parts)
            resources.form = form
            try handle.setMultipart(form)
            if hop.method != "POST" { try handle.set(CURLOPT_CUSTOMREQUEST, hop.method) }
        }
        guard let bytes else { return }
        let source = UploadSource(bytes)
        resources.upload = source
        try handle.set(CURLOPT_POST, 1)
        try handle.set(CURLOPT_POSTFIELDSIZE_LARGE, offset: Int64(source.count))
        try handle.check(z2k_curl_set_read_function(handle.raw, UploadSource.readCallback))
        try handle.set(CURLOPT_READDATA, pointer: source.userdata)
        try handle.check(z2k_curl_set_seek_function(handle.raw, UploadSource.seekCallback))
        try handle.set(CURLOPT_SEEKDATA, pointer: source.userdata)
        if hop.method != "POST" { try handle.set(CURLOPT_CUSTOMREQUEST, hop.method) }
    }

    private func installCallbacks(on handle: EasyHandle, state: TransferState, cancellable: Bool) throws(HTTPClientError) {
        try handle.check(z2k_curl_set_write_function(handle.raw) { data, size, count, userdata in
            guard let userdata else { return 0 }
            let state = Unmanaged<TransferState>.fromOpaque(userdata).takeUnretainedValue()
            let n = size * count
            return state.receiveBody(UnsafeRawBufferPointer(start: data, count: n)) ? n : 0
        })
        try handle.set(CURLOPT_WRITEDATA, pointer: state.userdata)
        try handle.check(z2k_curl_set_header_function(handle.raw) { data, size, count, userdata in
            guard let userdata else { return 0 }
            let state = Unmanaged<TransferState>.fromOpaque(userdata).takeUnretainedValue()
            let n = size * count
            return state.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: n)) ? n : 0
        })
        try handle.set(CURLOPT_HEADERDATA, pointer: state.userdata)
        guard cancellable else { return }
        try handle.check(z2k_curl_set_xferinfo_function(handle.raw) { userdata, _, _, _, _ in
            guard let userdata else { return 1 }
            return Unmanaged<TransferState>.fromOpaque(userdata).takeUnretainedValue().shouldContinue() ? 0 : 1
        })
        try handle.set(CURLOPT_XFERINFODATA, pointer: state.userdata)
        try handle.set(CURLOPT_NOPROGRESS, 0)
    }

    /// tchar (RFC 9110 §5.6.2).
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }
}
