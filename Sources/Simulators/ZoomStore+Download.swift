import HTTP1
import HTTPServer
import Platform

/// Recording downloads: the token-checked download URL that redirects, and the CDN that serves
/// the bytes (ranges when enabled, faults when armed).
extension ZoomStore {
    /// Zoom's failure mode for a bad or expired token or a deleted file: 200 with a small HTML page.
    static let errorPage = Array("""
        <!DOCTYPE html><html><head><title>Error - Zoom</title></head><body><div class="error">\
        <h1>This recording does not exist or the link has expired.</h1></div></body></html>
        """.utf8)

    static func htmlError() -> Response {
        Response(status: .ok, headers: HTTPHeaders([("Content-Type", "text/html;charset=utf-8")]), body: errorPage)
    }

    static func rateLimited(retryAfter: Int) -> Response {
        var response = Response.json(.tooManyRequests, Array(
            #"{"code":429,"message":"You have reached the maximum per-second rate limit for this API. Try again later."}"#.utf8))
        response.headers.add(name: "Retry-After", value: String(retryAfter))
        return response
    }

    /// `GET /rec/webhook_download/{fileID}` and `/rec/download/{fileID}`.
    func download(_ request: Request) -> Response {
        let fileID = FormEncoding.percentDecode(request.pathParameters["fileID"] ?? "")
        let bearer = Self.bearer(request)
        let now = Self.now()
        enum Outcome { case rateLimited(Int), fail(Int), html, redirect }
        let outcome: Outcome = state.withLock { state in
            if let retry = state.rateLimit.take() {
                count(fault: "rateLimit", in: &state)
                return .rateLimited(retry)
            }
            if let status = state.failDownloads.take() {
                count(fault: "fail", in: &state)
                return .fail(status)
            }
            guard let uuid = state.fileOwners[fileID], let recording = state.recordings[uuid], !recording.trashed,
                  let token = bearer, Self.tokenAllows(token, uuid: uuid, now: now, state: state) else {
                state.counters.htmlErrorPages += 1
                return .html
            }
            if state.htmlFiles.contains(fileID) {
                count(fault: "html", in: &state)
                state.counters.htmlErrorPages += 1
                return .html
            }
            state.counters.redirects += 1
            return .redirect
        }
        switch outcome {
        case .rateLimited(let seconds): return Self.rateLimited(retryAfter: seconds)
        case .fail(let status):
            return Response(status: HTTPStatus(status), headers: HTTPHeaders([("Content-Type", "text/html;charset=utf-8")]),
                            body: Array("<html><body>Internal Server Error</body></html>".utf8))
        case .html: return Self.htmlError()
        case .redirect:
            let location = "\(baseURL)/cdn/\(FormEncoding.percentEncode(fileID))?sig=\(cdnSignature(fileID))"
            return Response(status: HTTPStatus(302), headers: HTTPHeaders([("Location", location)]))
        }
    }

    /// A download token for `uuid` that has not expired, or a live OAuth access token.
    private static func tokenAllows(_ token: String, uuid: String, now: Int64, state: State) -> Bool {
        if let issued = state.downloadTokens[token] { return issued.uuid == uuid && issued.expires > now }
        if let expires = state.accessTokens[token] { return expires > now }
        return false
    }

    static func bearer(_ request: Request) -> String? {
        guard let value = request.headers["Authorization"], value.count > 7,
              equalsCaseInsensitive(String(value.prefix(7)), "Bearer ") else { return nil }
        return String(value.dropFirst(7))
    }

    /// `GET /cdn/{fileID}?sig=…`: the bytes, whole or from a `Range: bytes=N-` offset.
    func cdn(_ request: Request) -> Response {
        let fileID = FormEncoding.percentDecode(request.pathParameters["fileID"] ?? "")
        let query = FormEncoding.pairs(request.head.query ?? "")
        guard let signature = query.first(where: { $0.0 == "sig" })?.1, signature == cdnSignature(fileID) else {
            return Response(status: .forbidden, headers: HTTPHeaders([("Content-Type", "application/xml")]),
                            body: Array("<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>".utf8))
        }
        let lookup: (file: ZoomFile, ranges: Bool, cut: Int?, slow: Int?)? = state.withLock { state in
            guard let uuid = state.fileOwners[fileID],
                  let file = state.recordings[uuid]?.files.first(where: { $0.id == fileID }) else { return nil }
            let cut = state.resetDownloads.take()
            if cut != nil { count(fault: "reset", in: &state) }
            if state.bytesPerSecond != nil { count(fault: "slow", in: &state) }
            return (file, state.rangeSupport, cut, state.bytesPerSecond)
        }
        guard let lookup else {
            return Response(status: .notFound, headers: HTTPHeaders([("Content-Type", "application/xml")]),
                            body: Array("<Error><Code>NoSuchKey</Code></Error>".utf8))
        }
        let size = lookup.file.size
        var headers = HTTPHeaders([("Content-Type", lookup.file.contentType)])
        var status = HTTPStatus.ok
        var start = 0
        var end = size  // exclusive
        if lookup.ranges {
            headers.add(name: "Accept-Ranges", value: "bytes")
            if let header = request.headers["Range"], let range = Self.parseRange(header) {
                guard range.start < size else {
                    headers.add(name: "Content-Range", value: "bytes */\(size)")
                    return Response(status: HTTPStatus(416), headers: headers)
                }
                start = range.start
                end = min(size, (range.last ?? (size - 1)) + 1)
                status = HTTPStatus(206)
                headers.add(name: "Content-Range", value: "bytes \(start)-\(end - 1)/\(size)")
                state.withLock { $0.counters.rangesAsked.append(start) }
            }
        }
        let isHead = request.method == "HEAD"
        if !isHead { state.withLock { $0.counters.downloadsStarted += 1 } }
        let pattern = PatternBytes(fileID: fileID)
        let cut = lookup.cut
        let slow = lookup.slow
        let offset = start
        let stream = BodyStream(length: end - start) { [self] range in
            var wanted = range
            if let cut {
                if range.lowerBound >= cut { return [] }
                wanted = range.lowerBound..<min(range.upperBound, cut)
            }
            let bytes = pattern.bytes((wanted.lowerBound + offset)..<(wanted.upperBound + offset))
            if let slow, slow > 0 {
                // Blocks this event loop for the piece's share of a second: test equipment only.
                sleep(for: .nanoseconds(Int64(bytes.count) * 1_000_000_000 / Int64(slow)))
            }
            state.withLock { $0.counters.bytesServed += bytes.count }
            return bytes
        }
        return Response(status: status, headers: headers, stream: stream)
    }

    /// `bytes=N-` or `bytes=N-M`; nil for anything else (suffix or multiple ranges are ignored,
    /// which RFC 9110 allows).
    static func parseRange(_ header: String) -> (start: Int, last: Int?)? {
        guard header.hasPrefix("bytes="), !header.contains(",") else { return nil }
        let spec = header.dropFirst(6)
        guard let dash = spec.firstIndex(of: "-"), let start = Int(spec[..<dash]), start >= 0 else { return nil }
        let rest = spec[spec.index(after: dash)...]
        if rest.isEmpty { return (start, nil) }
        guard let last = Int(rest), last >= start else { return nil }
        return (start, last)
    }
}
