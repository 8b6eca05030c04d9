import HTTPClient
import Jobs
import Kaltura
import Zoom

/// Why a step of a job stopped, classified once for the decision the pool makes with it:
/// retry and count the attempt, wait without counting it, or fail for good.
struct JobFailure: Error, Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// Worth another attempt (a 5xx, a 429, a broken chunk); counts towards MAX_ATTEMPTS.
        case transient(retryAfter: Duration?)
        /// The peer cannot be reached or refuses our credentials: nothing this job can fix, so
        /// it waits without using up its attempts, and the problem shows on /status.
        case peerDown(Peer)
        /// Not ready yet (Zoom still processing, an entry not yet visible): wait until `at`.
        case notReady(at: Int64)
        /// Will fail the same way again.
        case permanent
        /// Shutdown asked the job to stop.
        case cancelled
        /// Another worker holds the job.
        case leaseLost
    }

    var kind: Kind
    /// For logs and the job's reason; never a token, KS or URL query.
    var reason: String
    /// The Kaltura API error code behind it, for the steps that accept one as success
    /// (ENTRY_ALREADY_WITH_CONTENT on a repeated attach, ENTRY_ID_NOT_FOUND on a repeated delete).
    var kalturaCode: String?

    static func permanent(_ reason: String) -> JobFailure { JobFailure(kind: .permanent, reason: reason) }
    static func notReady(until at: Int64, _ reason: String) -> JobFailure { JobFailure(kind: .notReady(at: at), reason: reason) }
    static let cancelled = JobFailure(kind: .cancelled, reason: "cancelled")

    init(kind: Kind, reason: String, kalturaCode: String? = nil) {
        self.kind = kind
        self.reason = reason
        self.kalturaCode = kalturaCode
    }

    init(_ error: KalturaError, while step: String) {
        let kind: Kind
        if error.isCredentialProblem {
            kind = .peerDown(.kaltura)
        } else if case .transport(let transport) = error.kind, transport.isUnreachable {
            kind = .peerDown(.kaltura)
        } else {
            kind = error.isTransient ? .transient(retryAfter: error.retryAfter) : .permanent
        }
        self.init(kind: kind, reason: "\(step): \(error)", kalturaCode: error.code)
    }

    init(_ error: ZoomAPIError, while step: String) {
        let reason = "\(step): \(error)"
        if error.isCredentialProblem || error.status == nil && error.isTransient {
            self.init(kind: .peerDown(.zoom), reason: reason)
        } else {
            self.init(kind: error.isTransient ? .transient(retryAfter: error.retryAfter) : .permanent, reason: reason)
        }
    }

    init(_ error: ZoomDownloadError, while step: String) {
        self.init(kind: error.isTransient ? .transient(retryAfter: error.retryAfter) : .permanent, reason: "\(step): \(error)")
    }

    init(_ error: CopyError, while step: String) {
        if error == .cancelled {
            self = .cancelled
        } else {
            self.init(kind: error.isTransient ? .transient(retryAfter: error.retryAfter) : .permanent, reason: "\(step): \(error)")
        }
    }

    init(_ error: JobStoreError) {
        if case .leaseLost = error {
            self.init(kind: .leaseLost, reason: "\(error)")
        } else {
            self.init(kind: .transient(retryAfter: nil), reason: "job store: \(error)")
        }
    }

    /// The peer this failure says something about, if any.
    var peer: Peer? {
        if case .peerDown(let peer) = kind { return peer }
        return nil
    }
}

extension HTTPClientError {
    /// The peer is not there at all (refused, unknown host, connect timeout): every job would
    /// fail the same way right now.
    var isUnreachable: Bool {
        self == .couldNotConnect || self == .couldNotResolveHost || self == .timedOut(.connect)
    }
}
