import Crypto
import HTTP1
import HTTPServer
import Platform
import Synchronization

/// The Kaltura simulator's state and API dispatch. Separate from `KalturaSimulator` so that the
/// server's routes do not keep the simulator itself alive.
final class KalturaStore: Sendable {
    struct State {
        var entries: [String: KalturaEntry] = [:]
        var tokens: [String: KalturaUploadToken] = [:]
        var users: [String: KalturaUser] = [:]
        var groupMembers: [(userID: String, groupID: String)] = []
        var categories: [Int: String] = [:]
        var assets: [String: KalturaAsset] = [:]
        /// Every KS issued or accepted; `expireSessions()` moves them all to `revoked`.
        var seenKS: Set<String> = []
        var revokedKS: Set<String> = []
        var failCalls = ArmedFault(detail: 500)
        var rateLimit = ArmedFault(detail: 1)
        var failChunks = ArmedFault(detail: ())
        var resetUploads = ArmedFault(detail: false)
        /// Faults at random on any call, after the armed ones.
        var randomFaults = RandomFaults()
        /// "service.action" (lowercase) → answers to lose after the call was carried out.
        var lostAnswers: [String: Int] = [:]
        var listLag: Int64 = 0
        var counters = KalturaCounters()
    }

    let partnerID: Int
    let adminSecret: String
    let userSecret: String
    /// Cap on chunk bytes parked ahead of a token's contiguous prefix.
    let parkedCap: Int
    let state = Mutex(State())
    let base = Mutex("")

    init(partnerID: Int, adminSecret: String, userSecret: String, parkedCap: Int) {
        self.partnerID = partnerID
        self.adminSecret = adminSecret
        self.userSecret = userSecret
        self.parkedCap = parkedCap
    }

    var baseURL: String { base.withLock { $0 } }

    static func now() -> Int64 { epochMilliseconds() / 1000 }

    /// `0_` + 8 lowercase letters and digits, like real entry and asset ids.
    static func newID() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
        return "0_" + String(decoding: Digest.randomBytes(8).map { alphabet[Int($0) % alphabet.count] }, as: UTF8.self)
    }

    /// The outcome of an action: a result to serialize, or an exception.
    typealias Outcome = Result<Any, KalturaError>

    // MARK: - Dispatch

    /// `POST /api_v3/service/{service}/action/{action}`.
    func handle(_ request: Request) -> Response {
        let service = (request.pathParameters["service"] ?? "").lowercased()
        let action = (request.pathParameters["action"] ?? "").lowercased()
        enum Gate { case fail(Int), rateLimit(Int), reset(afterProcessing: Bool), chunkFail, pass }
        let gate: Gate = state.withLock { state in
            state.counters.calls["\(service).\(action)", default: 0] += 1
            if let status = state.failCalls.take() {
                state.counters.faults["fail", default: 0] += 1
                return .fail(status)
            }
            if let retry = state.rateLimit.take() {
                state.counters.faults["rateLimit", default: 0] += 1
                return .rateLimit(retry)
            }
            if let lost = state.lostAnswers["\(service).\(action)"], lost > 0 {
                state.lostAnswers["\(service).\(action)"] = lost - 1
                state.counters.faults["lostAnswer", default: 0] += 1
                return .reset(afterProcessing: true)
            }
            if service == "uploadtoken", action == "upload" {
                if let after = state.resetUploads.take() {
                    state.counters.faults["reset", default: 0] += 1
                    return .reset(afterProcessing: after)
                }
                if state.failChunks.take() != nil {
                    state.counters.faults["chunkFail", default: 0] += 1
                    return .chunkFail
                }
            }
            switch state.randomFaults.roll() {
            case nil:
                return .pass
            case .fail:
                state.counters.faults["fail", default: 0] += 1
                return .fail(500)
            case .rateLimit(let seconds):
                state.counters.faults["rateLimit", default: 0] += 1
                return .rateLimit(seconds)
            case .reset:
                // Never carried out: an upload's chunk is not written (loseNextAnswers covers
                // the other case, a call that acted and lost its answer).
                state.counters.faults["reset", default: 0] += 1
                return .reset(afterProcessing: false)
            }
        }
        let params = KalturaParams(request: request)
        switch gate {
        case .fail(let status):
            return Response(status: HTTPStatus(status), headers: HTTPHeaders([("Content-Type", "text/html; charset=UTF-8")]),
                            body: Array("<html><body><h1>\(status) Internal Server Error</h1></body></html>".utf8))
        case .rateLimit(let seconds):
            return Response(status: .tooManyRequests, headers: HTTPHeaders([("Retry-After", String(seconds)),
                                                                            ("Content-Type", "text/html; charset=UTF-8")]),
                            body: Array("<html><body><h1>429 Too Many Requests</h1></body></html>".utf8))
        case .reset(let afterProcessing):
            if afterProcessing { _ = call(service: service, action: action, params: params) }
            // Headers promise a body that never comes: the client sees the connection close mid-response.
            return Response(status: .ok, headers: HTTPHeaders([("Content-Type", "application/json")]),
                            stream: BodyStream(length: 64) { _ in [] })
        case .chunkFail:
            return respond(.failure(.internalError), params: params)
        case .pass:
            return respond(call(service: service, action: action, params: params), params: params)
        }
    }

    private func respond(_ outcome: Outcome, params: KalturaParams) -> Response {
        let value: Any
        switch outcome {
        case .success(let result): value = result
        case .failure(let error):
            state.withLock { $0.counters.errors[error.code, default: 0] += 1 }
            value = error.json
        }
        if params.string("format") == "1" {
            return Response(status: .ok, headers: HTTPHeaders([("Content-Type", "application/json")]), body: SimJSON.encode(value))
        }
        // The server's default is XML: a client that forgot format=1 gets what it asked for.
        return Response(status: .ok, headers: HTTPHeaders([("Content-Type", "text/xml")]), body: Array(SimXML.response(value).utf8))
    }

    private func call(service: String, action: String, params: KalturaParams) -> Outcome {
        if service == "session", action == "start" { return sessionStart(params) }
        let session: KalturaSession
        switch authenticate(params) {
        case .success(let found): session = found
        case .failure(let error): return .failure(error)
        }
        switch service {
        case "session":
            return action == "end" ? .success(SimJSON.null) : .failure(.actionDoesNotExist(action, service: service))
        case "uploadtoken": return uploadToken(action: action, params: params, session: session)
        case "media", "baseentry": return media(service: service, action: action, params: params, session: session)
        case "user": return user(action: action, params: params, session: session)
        case "groupuser": return groupUser(action: action, params: params)
        case "caption_captionasset": return asset(.caption, action: action, params: params, service: service)
        case "attachment_attachmentasset": return asset(.attachment, action: action, params: params, service: service)
        case "categoryentry": return categoryEntry(action: action, params: params, service: service)
        case "category": return category(action: action, params: params, service: service)
        default: return .failure(.serviceDoesNotExist(service))
        }
    }

    // MARK: - Sessions

    private func sessionStart(_ params: KalturaParams) -> Outcome {
        let partner = params.string("partnerId") ?? ""
        guard let secret = params.string("secret"), Int(partner) == partnerID else {
            return .failure(.startSession(partnerID: partner))
        }
        let type = params.int("type") ?? 0
        guard secret == adminSecret || (secret == userSecret && type == 0) else {
            return .failure(.startSession(partnerID: partner))
        }
        var privileges: [String: String] = [:]
        for piece in (params.string("privileges") ?? "").split(separator: ",") {
            let pair = piece.split(separator: ":", maxSplits: 1)
            privileges[String(pair[0])] = pair.count > 1 ? String(pair[1]) : "*"
        }
        let expiry = params.int("expiry").map { $0 > 0 ? $0 : 86_400 } ?? 86_400
        let session = KalturaSession(partnerID: partnerID, type: type == 2 ? 2 : 0, userID: params.string("userId") ?? "",
                                     expiry: Self.now() + Int64(min(expiry, 315_360_000)), privileges: privileges)
        let ks = KalturaKS.encodeV2(session, adminSecret: adminSecret)
        state.withLock { _ = $0.seenKS.insert(ks) }
        return .success(ks)
    }

    private func authenticate(_ params: KalturaParams) -> Result<KalturaSession, KalturaError> {
        guard !params.ksInQuery, let ks = params.string("ks"), !ks.isEmpty else { return .failure(.missingKS) }
        if state.withLock({ $0.revokedKS.contains(ks) }) { return .failure(.expiredKS) }
        switch KalturaKS.decodeV2(ks, partnerID: partnerID, secrets: [adminSecret, userSecret], now: Self.now()) {
        case .success(var session):
            state.withLock { _ = $0.seenKS.insert(ks) }
            session.raw = ks
            return .success(session)
        case .failure(let failure) where failure.code == -5:
            return .failure(.expiredKS)
        case .failure(let failure):
            return .failure(.invalidKS(ks, code: failure.code, description: failure.description))
        }
    }
}
