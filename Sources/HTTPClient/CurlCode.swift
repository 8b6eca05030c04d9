import CCurl

/// Maps a failed `CURLcode` to an `HTTPClientError`, in this one place.
enum CurlCode {
    /// Codes worth a retry: the peer or the path may recover (resets, truncation, HTTP/2
    /// stream errors). Connect, DNS and timeouts have their own kinds, transient too.
    static let transientCodes: Set<Int> = Set([
        CURLE_PARTIAL_FILE, CURLE_GOT_NOTHING, CURLE_SEND_ERROR, CURLE_RECV_ERROR,
        CURLE_HTTP2, CURLE_HTTP2_STREAM, CURLE_AGAIN,
    ].map { Int($0.rawValue) })

    private static let tlsCodes: Set<Int> = Set([
        CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
        CURLE_SSL_CACERT_BADFILE, CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR,
        CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_ENGINE_NOTFOUND,
        CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_CLIENTCERT,
    ].map { Int($0.rawValue) })

    /// - Parameter message: libcurl's error buffer for this transfer, when it wrote one.
    static func error(_ code: CURLcode, message: String?) -> HTTPClientError {
        let text = scrubbed((message?.isEmpty == false ? message : nil) ?? String(cString: curl_easy_strerror(code)))
        switch code {
        case CURLE_COULDNT_CONNECT:
            return HTTPClientError(.couldNotConnect, detail: text)
        case CURLE_COULDNT_RESOLVE_HOST:
            return HTTPClientError(.couldNotResolveHost, detail: text)
        case CURLE_OPERATION_TIMEDOUT:
            return HTTPClientError(.timedOut(timeoutPhase(text)), detail: text)
        case CURLE_FILESIZE_EXCEEDED:
            return HTTPClientError(.responseTooLarge, detail: text)
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT:
            return HTTPClientError(.invalidRequest(text))
        default:
            if tlsCodes.contains(Int(code.rawValue)) { return HTTPClientError(.tlsFailure, detail: text) }
            return .transport(code: Int(code.rawValue), message: text)
        }
    }

    /// libcurl reports every timeout as CURLE_OPERATION_TIMEDOUT; its message tells which:
    /// "Operation too slow…" (low speed), "Operation timed out…" (total), anything else
    /// ("Connection timed out…", "Resolving timed out…", "Failed to connect…") is the connect phase.
    private static func timeoutPhase(_ message: String) -> HTTPClientError.TimeoutPhase {
        if message.hasPrefix("Operation too slow") { return .lowSpeed }
        if message.hasPrefix("Operation timed out") { return .total }
        return .connect
    }

    /// libcurl's messages name hosts, not URLs; should one ever carry a URL, its query
    /// (tokens) is cut: every word from a `?` on is dropped up to the next space.
    static func scrubbed(_ message: String) -> String {
        var out = ""
        var skipping = false
        for character in message {
            if character == "?" { skipping = true }
            if character == " " { skipping = false }
            if !skipping { out.append(character) }
        }
        return out
    }
}
