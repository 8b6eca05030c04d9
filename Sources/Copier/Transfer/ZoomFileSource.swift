import Synchronization
import Zoom

/// A Zoom recording file as a copy's source. When Zoom refuses the download token (expired
/// after 24 h, or the HTML error page), it asks `refresh` once for a fresh URL and token (the
/// recordings API) and carries on.
public final class ZoomFileSource: ByteSource, Sendable {
    /// Where and with what to download.
    public struct Location: Sendable {
        public var url: String
        public var token: String
        public init(url: String, token: String) {
            self.url = url
            self.token = token
        }
    }

    private let downloader: ZoomDownloader
    private let fileSize: Int64
    private let location: Mutex<Location>
    private let refresh: (@Sendable () throws(CopyError) -> Location)?
    private let refreshed = Atomic<Bool>(false)

    public init(downloader: ZoomDownloader, location: Location, fileSize: Int64,
                refresh: (@Sendable () throws(CopyError) -> Location)? = nil) {
        self.downloader = downloader
        self.fileSize = fileSize
        self.location = Mutex(location)
        self.refresh = refresh
    }

    public func read(from offset: Int64, onData: (Int64, UnsafeRawBufferPointer) -> Bool) throws(CopyError) {
        while true {
            let current = location.withLock { $0 }
            do throws(ZoomDownloadError) {
                try downloader.download(url: current.url, token: current.token, expectedSize: fileSize, from: offset, onData: onData)
                return
            } catch {
                if error.kind == .tokenRejected, let refresh, !refreshed.exchange(true, ordering: .relaxed) {
                    let fresh = try refresh()
                    location.withLock { $0 = fresh }
                    continue
                }
                throw CopyError(side: .source, transient: error.isTransient, retryAfter: error.retryAfter, detail: error.description)
            }
        }
    }
}
