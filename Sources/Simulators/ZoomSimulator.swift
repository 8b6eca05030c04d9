import Crypto
import HTTP1
import HTTPServer
import Logging

/// A Zoom stand-in for tests, the demo and benchmarks: S2S OAuth, the recordings API, token
/// checked downloads that redirect to a CDN, and deterministic file bytes of any size. It is
/// as strict as Zoom where Zoom is strict (double-encoded uuids, HTML error pages with status
/// 200 for bad tokens), so that a client bug fails against it, and it injects the faults a
/// copier must survive (5xx, 429 with Retry-After, resets mid-body, expired tokens).
///
/// Thread-safe: recordings and faults may be changed while requests run.
public final class ZoomSimulator: Sendable {
    let store: ZoomStore
    private let server: HTTPServer

    /// - Parameters:
    ///   - host: address to listen on (loopback for tests).
    ///   - port: 0 picks a free port.
    ///   - clientID, clientSecret, accountID: the S2S OAuth app credentials it accepts.
    ///   - tokenLifetime: `expires_in` of access tokens, seconds.
    /// - Throws: `IOError` when the address cannot be bound.
    public init(host: String = "127.0.0.1", port: Int = 0, clientID: String = "sim-client-id",
                clientSecret: String = "sim-client-secret", accountID: String = "sim-account",
                tokenLifetime: Int = 3600, logger: Logger = Logger(level: .error)) throws(IOError) {
        let store = ZoomStore(clientID: clientID, clientSecret: clientSecret, accountID: accountID,
                              tokenLifetime: Int64(tokenLifetime))
        var router = Router()
        router.add("POST", "/oauth/token") { store.token($0) }
        router.add("GET", "/v2/meetings/{uuid}/recordings") { store.recordings($0) }
        router.add("GET", "/v2/accounts/{accountID}/recordings") { store.listRecordings($0) }
        router.add("DELETE", "/v2/meetings/{uuid}/recordings") { store.deleteRecording($0) }
        router.add("DELETE", "/v2/meetings/{uuid}/recordings/{fileID}") { store.deleteRecording($0) }
        router.add("GET", "/rec/webhook_download/{fileID}") { store.download($0) }
        router.add("GET", "/rec/download/{fileID}") { store.download($0) }
        router.add("GET", "/cdn/{fileID}") { store.cdn($0) }
        let (server, base) = try startSimulatorServer(host: host, port: port, router: router, logger: logger) {
            $0.writeTimeout = .seconds(120)
        }
        self.server = server
        self.store = store
        store.base.withLock { $0 = base }
    }

    /// The port it listens on.
    public var port: Int { server.localAddress.port }
    /// `http://host:port`, without a trailing slash: the OAuth, API and download base.
    public var baseURL: String { store.baseURL }
    public var clientID: String { store.clientID }
    public var clientSecret: String { store.clientSecret }
    public var accountID: String { store.accountID }

    /// Stops the server; open downloads are closed.
    public func stop() {
        server.shutdown(gracePeriod: .zero)
        server.wait()
    }

    // MARK: - Recordings

    /// Adds (or replaces) a recording.
    /// - Returns: a download token for it, valid 24 h (what the webhook would carry).
    @discardableResult
    public func addRecording(meetingUUID: String, meetingID: Int64 = 85_012_345_678, topic: String = "Lecture",
                             hostEmail: String = "host@uni.edu", hostID: String = "sim-host",
                             startTime: String = "2026-11-30T10:00:00Z", type: Int = 2, files: [ZoomFile]) -> String {
        let recording = ZoomRecording(uuid: meetingUUID, meetingID: meetingID, topic: topic, hostEmail: hostEmail,
                                      hostID: hostID, startTime: startTime, type: type, files: files)
        store.state.withLock { state in
            if let old = state.recordings[meetingUUID] { for file in old.files { state.fileOwners[file.id] = nil } }
            state.recordings[meetingUUID] = recording
            for file in files { state.fileOwners[file.id] = meetingUUID }
        }
        return store.issueDownloadToken(uuid: meetingUUID)
    }

    /// A fresh download token for a recording (as a new webhook or the API would give).
    public func issueDownloadToken(meetingUUID: String) -> String {
        store.issueDownloadToken(uuid: meetingUUID)
    }

    /// Flips a file between `processing` and `completed` (Zoom's two `status` values). The
    /// recordings API and `recordingCompletedBody` report the current status; downloading a
    /// file that is not `completed` answers 404 `{"code":3301,"message":"This recording does
    /// not exist."}` (Zoom's answer for a file it cannot serve, as JSON so that a client can
    /// tell it from the HTML page of a bad token), and its CDN URL 404 too. Unknown ids are
    /// ignored.
    public func setFileStatus(fileID: String, status: String) {
        store.state.withLock { state in
            guard let uuid = state.fileOwners[fileID], var recording = state.recordings[uuid],
                  let index = recording.files.firstIndex(where: { $0.id == fileID }) else { return }
            recording.files[index].status = status
            state.recordings[uuid] = recording
        }
    }

    /// The pattern bytes at `range`: the content of a video, audio or other binary file (MP4,
    /// M4A, TIMELINE, …). Text files (TRANSCRIPT, CC, CHAT) are different: use
    /// `bytes(fileID:fileType:size:)`.
    public static func bytes(fileID: String, range: Range<Int>) -> [UInt8] {
        PatternBytes(fileID: fileID).bytes(range)
    }

    /// The whole content the CDN serves for a file of this id, type and size, for every type:
    /// pattern bytes for binary files, WebVTT for TRANSCRIPT and CC, UTF-8 chat text for CHAT;
    /// always exactly `size` bytes. In memory: meant for captions, chat and small files.
    public static func bytes(fileID: String, fileType: String, size: Int) -> [UInt8] {
        ZoomFileContent(fileID: fileID, fileType: fileType, size: size).bytes(0..<size)
    }

    /// The whole content of a file of the simulator (see `bytes(fileID:fileType:size:)`); nil
    /// for an unknown file.
    public func bytes(fileID: String) -> [UInt8]? {
        file(id: fileID).map { Self.bytes(fileID: $0.id, fileType: $0.fileType, size: $0.size) }
    }

    /// Lowercase hex SHA-256 of a file of the simulator, of its type, computed by streaming its
    /// bytes; nil for an unknown file.
    public func sha256(fileID: String) -> String? {
        file(id: fileID).map { Self.sha256(fileID: $0.id, fileType: $0.fileType, size: $0.size) }
    }

    /// Lowercase hex SHA-256 of the `size` bytes the CDN serves for a file of this id and
    /// type (default MP4: pattern bytes).
    public static func sha256(fileID: String, fileType: String = "MP4", size: Int) -> String {
        let content = ZoomFileContent(fileID: fileID, fileType: fileType, size: size)
        let digest = SHA256Stream()
        var offset = 0
        while offset < size {
            let end = min(size, offset + BodyStream.pieceSize * 4)
            digest.update(content.bytes(offset..<end))
            offset = end
        }
        return Digest.hex(digest.snapshot())
    }

    /// A file of the simulator as it is now (its status may have been flipped).
    public func file(id: String) -> ZoomFile? {
        store.state.withLock { state in
            state.fileOwners[id].flatMap { state.recordings[$0] }?.files.first { $0.id == id }
        }
    }

    /// What the simulator has seen so far.
    public var counters: ZoomCounters { store.state.withLock { $0.counters } }

    /// Forgets the counters (not the recordings or faults).
    public func resetCounters() { store.state.withLock { $0.counters = ZoomCounters() } }
}
