import Config
import Crypto

extension KalturaClient {
    /// `session.start`: asks Kaltura for an ADMIN KS (type 2, `userId` "", the configured
    /// privileges and expiry). Sends the admin secret; not cached: callers normally let the
    /// client manage sessions. Errors here are typically START_SESSION_ERROR (wrong partner or
    /// secret), which `isCredentialProblem`.
    public func startSession() throws(KalturaError) -> String {
        let body: JSONValue = [
            "format": 1,
            "secret": .string(credentials.adminSecret.reveal()),
            "userId": "",
            "type": .int(Int64(KalturaSession.adminType)),
            "partnerId": .int(Int64(credentials.partnerID)),
            "expiry": .int(credentials.expirySeconds),
            "privileges": .string(credentials.privileges),
        ]
        let result = try perform("session", "start", body: .json(body), ks: nil)
        guard let ks = result.string, !ks.isEmpty else {
            throw .invalidResponse("session.start did not return a KS string")
        }
        return ks
    }

    /// The cached KS, or a new one when there is none or it is about to expire.
    func currentSession() throws(KalturaError) -> String {
        try session.withLock { (cached: inout CachedSession?) throws(KalturaError) -> String in
            let now = clock()
            if let cached, cached.isFresh(at: now) { return cached.ks }
            let fresh = try newSession(now: now)
            cached = fresh
            return fresh.ks
        }
    }

    /// Drops `ks` from the cache unless another thread already replaced it.
    func invalidateSession(_ ks: String) {
        session.withLock { cached in
            if cached?.ks == ks { cached = nil }
        }
    }

    private func newSession(now: Int64) throws(KalturaError) -> CachedSession {
        let lifetime = credentials.expirySeconds
        switch credentials.sessionMode {
        case .remote:
            return CachedSession(ks: try startSession(), issuedAt: now, expiresAt: now + lifetime)
        case .local:
            let ks = KalturaSession.v2(partnerID: credentials.partnerID, adminSecret: credentials.adminSecret, userID: "",
                                       type: KalturaSession.adminType, expiry: now + lifetime,
                                       privileges: credentials.privileges, random16: Digest.randomBytes(16))
            return CachedSession(ks: ks, issuedAt: now, expiresAt: now + lifetime)
        }
    }
}
