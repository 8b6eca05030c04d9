import Config

/// Who the client is at Kaltura and how it gets its sessions. The admin secret stays a
/// `Secret`: it prints masked, and with `.local` sessions it never leaves the process.
public struct KalturaCredentials: Sendable {
    /// How the client obtains a KS.
    public enum SessionMode: Sendable, Equatable {
        /// `session.start` with the admin secret (one round trip per session).
        case remote
        /// A KS v2 generated here from the admin secret; the secret is never sent.
        case local
    }

    /// e.g. `https://www.kaltura.com`, no trailing `/api_v3`.
    public var serviceURL: String
    public var partnerID: Int
    public var adminSecret: Secret
    public var sessionMode: SessionMode
    /// KS privileges. Default `disableentitlement`: the copier writes entries for any owner.
    public var privileges: String
    /// How long each KS lives. Default 24 h (Kaltura's default; a partner may cap it lower).
    public var expiry: Duration

    public init(serviceURL: String, partnerID: Int, adminSecret: Secret, sessionMode: SessionMode = .remote,
                privileges: String = "disableentitlement", expiry: Duration = .seconds(86_400)) {
        self.serviceURL = serviceURL
        self.partnerID = partnerID
        self.adminSecret = adminSecret
        self.sessionMode = sessionMode
        self.privileges = privileges
        self.expiry = expiry
    }

    /// `serviceURL` without trailing slashes.
    var baseURL: String {
        var url = serviceURL
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }

    /// The lifetime in whole seconds, at least 60.
    var expirySeconds: Int64 { max(60, expiry.components.seconds) }
}
