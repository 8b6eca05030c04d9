import HTTP1
import HTTPServer
import Platform

/// Recording downloads: the token-checked download URL that redirects to the CDN
/// (`ZoomStore+CDN.swift`), with faults when armed or random.
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

    /// `GET /rec/webhook_download/{fileID}` and `/rec/download/{fileID}`: faults first, then
    /// the HTML page for a bad token or unknown file, 404 (code 3301) for a file still
    /// processing, else a redirect to the CDN.
    func download(_ request: Request) -> Response {
        let fileID = FormEncoding.percentDecode(request.pathParameters["fileID"] ?? "")
        let bearer = Self.bearer(request)
        let now = Self.now()
        enum Outcome { case rateLimited(Int), fail(Int), reset, html, processing, redirect }
        let outcome: Outcome = state.withLock { state in
            if let retry = state.rateLimit.take() {
                count(fault: "rateLimit", in: &state)
                return .rateLimited(retry)
            }
            if let status = state.failDownloads.take() {
                count(fault: "fail", in: &state)
                return .fail(status)
            }
            switch state.randomFaults.roll() {
            case nil: break
            case .fail:
                count(fault: "fail", in: &state)
                return .fail(500)
            case .rateLimit(let seconds):
                count(fault: "rateLimit", in: &state)
                return .rateLimited(seconds)
            case .reset:
                count(fault: "reset", in: &state)
                return .reset
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
            guard recording.files.first(where: { $0.id == fileID })?.status == "completed" else {
                state.counters.processingRefusals += 1
                return .processing
            }
            state.counters.redirects += 1
            return .redirect
        }
        switch outcome {
        case .rateLimited(let seconds): return Self.rateLimited(retryAfter: seconds)
        case .fail(let status): return Self.serverError(status)
        case .reset: return Self.reset
        case .html: return Self.htmlError()
        case .processing: return Self.notFound
        case .redirect:
            let location = "\(baseURL)/cdn/\(FormEncoding.percentEncode(fileID))?sig=\(cdnSignature(fileID))"
            return Response(status: HTTPStatus(302), headers: HTTPHeaders([("Location", location)]))
        }
    }

    static func serverError(_ status: Int) -> Response {
        Response(status: HTTPStatus(status), headers: HTTPHeaders([("Content-Type", "text/html;charset=utf-8")]),
                 body: Array("<html><body>Internal Server Error</body></html>".utf8))
    }

    /// Headers that promise a body which never comes: the client sees the connection close
    /// before any usable answer (the server cannot close without sending headers).
    static var reset: Response {
        Response(status: .ok, headers: HTTPHeaders([("Content-Type", "text/html;charset=utf-8")]),
                 stream: BodyStream(length: 64) { _ in [] })
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
}
