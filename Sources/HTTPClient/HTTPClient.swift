import CCurl

/// Blocking HTTP(S) client on libcurl, for worker threads: the Zoom and Kaltura clients are
/// built on it. Chosen over FoundationNetworking's URLSession, which cannot stream a body
/// produced while the request runs (see reference/style-and-http-facts.md §2).
///
/// Guarantees: TLS verification on; only http and https; redirects followed only when asked,
/// each hop checked against host rules before anything connects to it; `Authorization` and
/// `Cookie` sent only to the origin of the request's URL; bytes delivered exactly as sent
/// (no content decoding); no signals (CURLOPT_NOSIGNAL).
///
/// Handles: each call checks an easy handle out of a small pool, owns it alone for the whole
/// call (every redirect hop), and returns it reset: consecutive calls reuse connections and
/// TLS sessions. Any number of threads may call one client at once.
public final class HTTPClient: Sendable {
    /// Sent as `User-Agent` unless a request names its own.
    public let userAgent: String
    private let pool: HandlePool

    /// - Parameter userAgent: the `User-Agent` header value.
    public init(userAgent: String = "zoom2kaltura/0.1") {
        CurlGlobal.ensureInitialized()
        self.userAgent = userAgent
        pool = HandlePool(capacity: 16)
    }

    /// Sends `request` and collects the response body in memory.
    /// - Parameters:
    ///   - redirects: whether and where to follow redirects.
    ///   - maxBodyBytes: the largest body accepted; beyond it the transfer stops with
    ///     `.responseTooLarge`. Default 16 MiB.
    /// - Returns: the final response, whatever its status.
    /// - Throws: `HTTPClientError` when no complete response was received.
    public func send(_ request: HTTPRequest, redirects: RedirectPolicy = .none,
                     maxBodyBytes: Int = 16 << 20) throws(HTTPClientError) -> HTTPResponse {
        try run(request, redirects: redirects, sink: .collect(maxBytes: maxBodyBytes))
    }

    /// Streams the response body to `onData` in the order received, without holding it.
    /// - Parameters:
    ///   - onHead: sees the final status and headers first (never a redirect this call
    ///     follows); returning false aborts with `.abortedByCallback` (e.g. on `text/html`).
    ///   - onData: each piece of the body, valid only during the call; returning false
    ///     aborts with `.abortedByCallback`.
    /// - Returns: the final response with an empty `body`; `bodyBytes` counts what `onData` got.
    public func stream(_ request: HTTPRequest, redirects: RedirectPolicy = .none,
                       onHead: (HTTPResponseHead) -> Bool,
                       onData: (UnsafeRawBufferPointer) -> Bool) throws(HTTPClientError) -> HTTPResponse {
        let result = withoutActuallyEscaping(onHead) { onHead in
            withoutActuallyEscaping(onData) { onData in
                Result { () throws(HTTPClientError) -> HTTPResponse in
                    try run(request, redirects: redirects, sink: .stream(onHead: onHead, onData: onData))
                }
            }
        }
        return try result.get()
    }

    /// The redirect loop: one hop per iteration on one handle, each Location checked first.
    private func run(_ request: HTTPRequest, redirects policy: RedirectPolicy,
                     sink: ResponseSink) throws(HTTPClientError) -> HTTPResponse {
        let started = ContinuousClock.now
        guard let origin = URLParts(request.url), origin.scheme == "http" || origin.scheme == "https" else {
            throw HTTPClientError.invalidRequest("not an absolute http or https URL").at(request.url)
        }
        let handle = try pool.checkOut()
        defer { pool.checkIn(handle) }
        var hop = request
        var followed = 0
        while true {
            var remaining: Duration?
            if let total = request.timeouts.total {
                let left = total - (ContinuousClock.now - started)
                guard left > .zero else { throw HTTPClientError.timedOut(.total).at(hop.url) }
                remaining = left
            }
            let state = TransferState(url: hop.url, followsRedirects: policy.follows, sink: sink,
                                      cancellation: request.cancellation)
            let sendCredentials = URLParts(hop.url).map { $0.sameOrigin(as: origin) } ?? false
            do {
                try performHop(hop, on: handle, state: state, remaining: remaining, sendCredentials: sendCredentials)
            } catch {
                throw error.at(hop.url)
            }
            guard state.isRedirectHop, case .follow(let max, let rules) = policy else {
                return HTTPResponse(status: state.status, headers: state.headers, body: state.body,
                                    bodyBytes: state.bodyBytes, effectiveURL: hop.url, redirects: followed,
                                    timing: timing(of: handle, since: started))
            }
            followed += 1
            guard followed <= max else { throw HTTPClientError.tooManyRedirects.at(hop.url) }
            guard let location = handle.string(CURLINFO_REDIRECT_URL), let target = URLParts(location) else {
                throw HTTPClientError.redirectNotAllowed(host: "(unparsable Location)").at(hop.url)
            }
            guard target.isAllowed(by: rules) else {
                throw HTTPClientError.redirectNotAllowed(host: target.host).at(hop.url)
            }
            hop = hop.redirected(to: location, status: state.status)
        }
    }

    private func timing(of handle: EasyHandle, since started: ContinuousClock.Instant) -> HTTPTiming {
        HTTPTiming(nameLookup: handle.duration(CURLINFO_NAMELOOKUP_TIME_T),
                   connect: handle.duration(CURLINFO_CONNECT_TIME_T),
                   tlsHandshake: handle.duration(CURLINFO_APPCONNECT_TIME_T),
                   firstByte: handle.duration(CURLINFO_STARTTRANSFER_TIME_T),
                   transfer: handle.duration(CURLINFO_TOTAL_TIME_T),
                   total: ContinuousClock.now - started)
    }
}

extension RedirectPolicy {
    var follows: Bool {
        if case .follow = self { return true }
        return false
    }
}

extension HTTPRequest {
    /// The next hop's request: 303 (and 301/302 after POST) become a GET without a body and
    /// its content headers, as browsers and curl do; 307 and 308 repeat method and body.
    func redirected(to url: String, status: Int) -> HTTPRequest {
        var next = self
        next.url = url
        let becomesGet = (status == 303 && method != "HEAD") || ((status == 301 || status == 302) && method == "POST")
        if becomesGet {
            next.method = "GET"
            next.body = .empty
            next.headers.removeAll {
                asciiCaseInsensitiveEquals($0.name, "Content-Type") || asciiCaseInsensitiveEquals($0.name, "Content-Length")
            }
        }
        return next
    }
}
