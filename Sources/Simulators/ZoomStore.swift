import Crypto
import Platform
import Synchronization

/// The Zoom simulator's state and request handling, shared by its routes. Separate from
/// `ZoomSimulator` so that the server's routes do not keep the simulator itself alive.
final class ZoomStore: Sendable {
    struct State {
        var recordings: [String: ZoomRecording] = [:]
        /// File id → meeting uuid.
        var fileOwners: [String: String] = [:]
        /// Download token → (meeting uuid, expiry in epoch seconds).
        var downloadTokens: [String: (uuid: String, expires: Int64)] = [:]
        /// OAuth access token → expiry in epoch seconds.
        var accessTokens: [String: Int64] = [:]
        var rangeSupport = true
        var failDownloads = ArmedFault(detail: 500)
        var resetDownloads = ArmedFault(detail: 0)
        var rateLimit = ArmedFault(detail: 1)
        var htmlFiles: Set<String> = []
        var bytesPerSecond: Int?
        /// Faults at random on download and CDN requests, after the armed ones.
        var randomFaults = RandomFaults()
        var counters = ZoomCounters()
        /// Largest page `GET /v2/accounts/{id}/recordings` serves (Zoom's is 300).
        var listPageLimit = 300
    }

    let clientID: String
    let clientSecret: String
    let accountID: String
    let tokenLifetime: Int64
    /// Keys the `sig` of CDN URLs, so that a client cannot forge one.
    let cdnKey = Digest.randomBytes(32)
    let state = Mutex(State())
    /// Set once the server is bound: `http://host:port`.
    let base = Mutex("")

    init(clientID: String, clientSecret: String, accountID: String, tokenLifetime: Int64) {
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.accountID = accountID
        self.tokenLifetime = tokenLifetime
    }

    var baseURL: String { base.withLock { $0 } }

    static func now() -> Int64 { epochMilliseconds() / 1000 }

    static func randomToken(_ prefix: String) -> String { prefix + Digest.hex(Digest.randomBytes(20)) }

    /// A fresh download token for the recording, valid for 24 h like Zoom's.
    func issueDownloadToken(uuid: String) -> String {
        let token = Self.randomToken("zsim-dl-")
        state.withLock { $0.downloadTokens[token] = (uuid, Self.now() + 86_400) }
        return token
    }

    func cdnSignature(_ fileID: String) -> String {
        Digest.hex(Digest.hmacSHA256(key: cdnKey, message: Array(fileID.utf8)))
    }

    func count(fault name: String, in state: inout State) {
        state.counters.faults[name, default: 0] += 1
    }
}
