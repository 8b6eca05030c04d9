import HTTP1
import HTTPServer
import Platform

/// The CDN a download URL redirects to: the bytes of a completed file, whole or from a
/// `Range` offset when range support is on, cut short or refused when a fault says so.
extension ZoomStore {
    /// `GET /cdn/{fileID}?sig=…`: the bytes, whole or from a `Range: bytes=N-` offset.
    func cdn(_ request: Request) -> Response {
        let fileID = FormEncoding.percentDecode(request.pathParameters["fileID"] ?? "")
        let query = FormEncoding.pairs(request.head.query ?? "")
        guard let signature = query.first(where: { $0.0 == "sig" })?.1, signature == cdnSignature(fileID) else {
            return Response(status: .forbidden, headers: HTTPHeaders([("Content-Type", "application/xml")]),
                            body: Array("<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>".utf8))
        }
        enum Random { case fail, rateLimited(Int), cut(UInt64) }
        let lookup: (file: ZoomFile, ranges: Bool, cut: Int?, slow: Int?, random: Random?)? = state.withLock { state in
            // A file still processing has no bytes on the CDN yet.
            guard let uuid = state.fileOwners[fileID],
                  let file = state.recordings[uuid]?.files.first(where: { $0.id == fileID }),
                  file.status == "completed" else { return nil }
            let cut = state.resetDownloads.take()
            if cut != nil { count(fault: "reset", in: &state) }
            if state.bytesPerSecond != nil { count(fault: "slow", in: &state) }
            var random: Random?
            if cut == nil {
                switch state.randomFaults.roll() {
                case nil: break
                case .fail: random = .fail; count(fault: "fail", in: &state)
                case .rateLimit(let seconds): random = .rateLimited(seconds); count(fault: "rateLimit", in: &state)
                case .reset(let at): random = .cut(at); count(fault: "reset", in: &state)
                }
            }
            return (file, state.rangeSupport, cut, state.bytesPerSecond, random)
        }
        guard let lookup else {
            return Response(status: .notFound, headers: HTTPHeaders([("Content-Type", "application/xml")]),
                            body: Array("<Error><Code>NoSuchKey</Code></Error>".utf8))
        }
        var randomCut: UInt64?
        switch lookup.random {
        case .fail: return Self.serverError(500)
        case .rateLimited(let seconds): return Self.rateLimited(retryAfter: seconds)
        case .cut(let at): randomCut = at
        case nil: break
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
        let content = ZoomFileContent(fileID: fileID, fileType: lookup.file.fileType, size: size)
        // A random reset cuts the body somewhere before its end (an empty body cannot be cut).
        let cut = lookup.cut ?? randomCut.map { Int($0 % UInt64(max(1, end - start))) }
        let slow = lookup.slow
        let offset = start
        let stream = BodyStream(length: end - start) { [self] range in
            var wanted = range
            if let cut {
                if range.lowerBound >= cut { return [] }
                wanted = range.lowerBound..<min(range.upperBound, cut)
            }
            let bytes = content.bytes((wanted.lowerBound + offset)..<(wanted.upperBound + offset))
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
