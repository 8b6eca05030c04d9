import HTTP1
import HTTPServer
import Logging

/// A Kaltura API v3 stand-in for tests, the demo and benchmarks: sessions (issued and locally
/// generated KS v2), chunked upload tokens, media entries, users, groups, captions,
/// attachments and categories. The wire protocol is Kaltura's and as strict as the real
/// server where that bites: JSON only with `Content-Type` exactly `application/json`, `ks`
/// only from the body, errors as HTTP 200 `KalturaAPIException`s, and the real chunk rules
/// of `uploadToken.upload`. Uploaded bytes are not kept: a running SHA-256 and size are.
///
/// Thread-safe: state and faults may be changed while requests run.
public final class KalturaSimulator: Sendable {
    let store: KalturaStore
    private let server: HTTPServer

    /// - Parameters:
    ///   - host: address to listen on (loopback for tests).
    ///   - port: 0 picks a free port.
    ///   - partnerID, adminSecret, userSecret: the partner it simulates.
    ///   - maxChunkBytes: largest request body (one upload chunk plus form overhead).
    /// - Throws: `IOError` when the address cannot be bound.
    public init(host: String = "127.0.0.1", port: Int = 0, partnerID: Int = 1_000_001,
                adminSecret: String = "sim-admin-secret", userSecret: String = "sim-user-secret",
                maxChunkBytes: Int = 512 << 20, logger: Logger = Logger(level: .error)) throws(IOError) {
        let store = KalturaStore(partnerID: partnerID, adminSecret: adminSecret, userSecret: userSecret, parkedCap: 256 << 20)
        var router = Router()
        router.add("POST", "/api_v3/service/{service}/action/{action}", bodyLimit: maxChunkBytes) { store.handle($0) }
        router.add("GET", "/sim/entries") { _ in .json(.ok, store.inspectionJSON()) }
        let (server, base) = try startSimulatorServer(host: host, port: port, router: router, logger: logger) {
            $0.bodyTimeout = .seconds(120)
        }
        self.server = server
        self.store = store
        store.base.withLock { $0 = base }
    }

    public var port: Int { server.localAddress.port }
    /// `http://host:port`: the service URL a client appends `/api_v3/…` to.
    public var baseURL: String { store.baseURL }
    public var partnerID: Int { store.partnerID }
    public var adminSecret: String { store.adminSecret }
    public var userSecret: String { store.userSecret }

    public func stop() {
        server.shutdown(gracePeriod: .zero)
        server.wait()
    }

    // MARK: - Inspection

    /// Every entry, deleted ones included, oldest first.
    public func entries() -> [KalturaEntry] {
        store.state.withLock { $0.entries.values.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) } }
    }

    public func entry(id: String) -> KalturaEntry? { store.state.withLock { $0.entries[id] } }

    /// An upload token's status (0…5), uploaded size and content SHA-256 (hex).
    public func uploadToken(id: String) -> (status: Int, size: Int, sha256: String)? {
        store.state.withLock { state in
            state.tokens[id].map { ($0.status.rawValue, $0.size, $0.sha256Hex) }
        }
    }

    public func asset(id: String) -> KalturaAsset? { store.state.withLock { $0.assets[id] } }

    public func user(id: String) -> KalturaUser? { store.state.withLock { $0.users[id] } }

    public var counters: KalturaCounters { store.state.withLock { $0.counters } }

    public func resetCounters() { store.state.withLock { $0.counters = KalturaCounters() } }

    // MARK: - Setup

    /// Adds or replaces a user (status 0 BLOCKED, 1 ACTIVE, 2 DELETED).
    public func addUser(_ user: KalturaUser) { store.state.withLock { $0.users[user.id] = user } }

    /// Makes `userID` a member of group `groupID` (for `groupUser.list`).
    public func addGroupMember(userID: String, groupID: String) {
        store.state.withLock { $0.groupMembers.append((userID, groupID)) }
    }

    /// Adds a category by id with its full name (`Parent>Child`).
    public func addCategory(id: Int, fullName: String) { store.state.withLock { $0.categories[id] = fullName } }

    /// A KS v2 for this partner, as `session.start` would issue it.
    public func issueKS(type: Int = 2, userID: String = "", expiresIn seconds: Int64 = 86_400) -> String {
        let session = KalturaSession(partnerID: partnerID, type: type, userID: userID,
                                     expiry: KalturaStore.now() + seconds, privileges: [:])
        let ks = KalturaKS.encodeV2(session, adminSecret: adminSecret)
        store.state.withLock { _ = $0.seenKS.insert(ks) }
        return ks
    }
}

extension KalturaStore {
    /// The `GET /sim/entries` body.
    func inspectionJSON() -> [UInt8] {
        let objects: [[String: Any]] = state.withLock { state in
            state.entries.values.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
                .map { $0.inspection(assets: state.assets, categories: state.categories) }
        }
        return SimJSON.encode(["objects": objects, "totalCount": objects.count] as [String: Any])
    }
}
