/// A KS and its lifetime, as the client cached it.
struct CachedSession: Sendable {
    let ks: String
    let issuedAt: Int64
    let expiresAt: Int64

    /// Still good for new calls: more than a tenth of its life (and at most an hour) remains,
    /// so that a long upload never starts on a KS about to expire.
    func isFresh(at now: Int64) -> Bool {
        let margin = min(max(0, expiresAt - issuedAt) / 10, 3600)
        return now < expiresAt - margin
    }
}
