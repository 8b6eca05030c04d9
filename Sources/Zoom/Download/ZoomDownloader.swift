import Config
import HTTPClient

/// Downloads a recording file the way Zoom serves it: `Authorization: Bearer <download
/// token>`, a redirect to a CDN, and failure modes that look like success (an HTML page with
/// status 200, a short body) that must never become a silently truncated entry.
public struct ZoomDownloader: Sendable {
    let http: HTTPClient
    let allowedHosts: [HostRule]
    let timeouts: HTTPTimeouts

    /// - Parameter allowedHosts: `ZOOM_DOWNLOAD_HOSTS`; the URL and every redirect must match.
    public init(http: HTTPClient, allowedHosts: [HostRule], timeouts: HTTPTimeouts = HTTPTimeouts()) {
        self.http = http
        self.allowedHosts = allowedHosts
        self.timeouts = timeouts
    }

    /// Streams the file from `offset` (a Range request; a server that ignores it sends the
    /// whole file) into `onData`, with each piece's absolute offset.
    /// - Parameter expectedSize: the webhook's `file_size`; bytes beyond or short of it fail.
    /// - Throws: `ZoomDownloadError`; a stop asked by `onData` ends the call without error.
    public func download(url: String, token: String, expectedSize: Int64?, from offset: Int64,
                         onData: (Int64, UnsafeRawBufferPointer) -> Bool) throws(ZoomDownloadError) {
        guard RedirectPolicy.permits(url, rules: allowedHosts) else {
            throw ZoomDownloadError(.hostNotAllowed, detail: "the download URL's host is not in ZOOM_DOWNLOAD_HOSTS")
        }
        var headers = [HTTPHeader("Authorization", "Bearer \(token)")]
        if offset > 0 { headers.append(HTTPHeader("Range", "bytes=\(offset)-")) }
        let request = HTTPRequest(method: "GET", url: url, headers: headers, timeouts: timeouts)

        var position: Int64 = 0
        var headError: ZoomDownloadError?
        var stoppedByCaller = false
        do throws(HTTPClientError) {
            _ = try http.stream(request, redirects: .follow(max: 5, allowed: allowedHosts), onHead: { head in
                switch Self.check(head, offset: offset, expectedSize: expectedSize) {
                case .success(let start):
                    position = start
                    return true
                case .failure(let error):
                    headError = error
                    return false
                }
            }, onData: { bytes in
                if let expectedSize, position + Int64(bytes.count) > expectedSize {
                    headError = ZoomDownloadError(.sizeMismatch, detail: "more bytes than the file's \(expectedSize)")
                    return false
                }
                guard onData(position, bytes) else {
                    stoppedByCaller = true
                    return false
                }
                position += Int64(bytes.count)
                return true
            })
        } catch {
            if let headError { throw headError }
            if stoppedByCaller { return }
            if error.isRedirectRefusal {
                throw ZoomDownloadError(.hostNotAllowed, detail: "\(error)")
            }
            throw ZoomDownloadError(error.isTransient ? .transport : .unexpectedStatus, detail: "\(error)")
        }
        if let headError { throw headError }
        if stoppedByCaller { return }
        if let expectedSize, position != expectedSize {
            throw ZoomDownloadError(.transport, detail: "the download ended at \(position) of \(expectedSize) bytes")
        }
    }

    /// Judges a response head. - Returns: the offset its body starts at.
    static func check(_ head: HTTPResponseHead, offset: Int64, expectedSize: Int64?) -> Result<Int64, ZoomDownloadError> {
        let retryAfter = head.header("Retry-After").flatMap { Int($0) }.map { Duration.seconds($0) }
        switch head.status {
        case 200, 206:
            break
        case 401, 403:
            return .failure(.init(.tokenRejected, detail: "HTTP \(head.status): the download token was refused"))
        case 404, 410:
            return .failure(.init(.notFound, detail: "HTTP \(head.status): the recording file is gone"))
        case 429, 500...599:
            return .failure(.init(.unavailable, retryAfter: retryAfter, detail: "HTTP \(head.status)"))
        default:
            return .failure(.init(.unexpectedStatus, detail: "HTTP \(head.status)"))
        }
        let contentType = head.header("Content-Type")?.lowercased() ?? ""
        if contentType.hasPrefix("text/html") {
            // Zoom answers an expired token or a deleted file with 200 and an HTML page.
            return .failure(.init(.tokenRejected, detail: "an HTML page instead of the recording (expired token or deleted file)"))
        }
        var start: Int64 = 0
        if head.status == 206 {
            // Content-Range: bytes START-END/TOTAL
            guard let range = head.header("Content-Range"), range.hasPrefix("bytes "),
                  let dash = range.firstIndex(of: "-"),
                  let first = Int64(range[range.index(range.startIndex, offsetBy: 6)..<dash]), first == offset else {
                return .failure(.init(.unexpectedStatus, detail: "a 206 answer without the range asked for"))
            }
            start = first
        }
        if let expectedSize, let length = head.contentLength, Int64(length) != expectedSize - start {
            return .failure(.init(.sizeMismatch, detail: "Content-Length \(length) where \(expectedSize - start) bytes were expected"))
        }
        return .success(start)
    }
}
