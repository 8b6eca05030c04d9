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

    /// The bytes of a file at `range` (what the CDN sends).
    public static func bytes(fileID: String, range: Range<Int>) -> [UInt8] {
        PatternBytes(fileID: fileID).bytes(range)
    }

    /// Lowercase hex SHA-256 of a file of the simulator, computed by streaming its bytes;
    /// nil for an unknown file.
    public func sha256(fileID: String) -> String? {
        guard let size = store.state.withLock({ state in
            state.fileOwners[fileID].flatMap { state.recordings[$0] }?.files.first { $0.id == fileID }?.size
        }) else { return nil }
        return Self.sha256(fileID: fileID, size: size)
    }

    /// Lowercase hex SHA-256 of `size` pattern bytes of `fileID`.
    public static func sha256(fileID: String, size: Int) -> String {
        let pattern = PatternBytes(fileID: fileID)
        let digest = SHA256Stream()
        var offset = 0
        while offset < size {
            let end = min(size, offset + BodyStream.pieceSize * 4)
            digest.update(pattern.bytes(offset..<end))
            offset = end
        }
        return Digest.hex(digest.snapshot())
    }

    /// What the simulator has seen so far.
    public var counters: ZoomCounters { store.state.withLock { $0.counters } }

    /// Forgets the counters (not the recordings or faults).
    public func resetCounters() { store.state.withLock { $0.counters = ZoomCounters() } }
}
