import Config
import HTTPClient
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A blocking client for Kaltura API v3, for the copier's worker threads: sessions, upload
/// tokens, media entries, users, captions and attachments. Any number of threads may call one
/// client at once.
///
/// Every call is `POST {serviceURL}/api_v3/service/{service}/action/{action}` with a JSON body
/// (`Content-Type: application/json`, `format: 1`) holding the KS and the action's parameters;
/// chunk uploads are `multipart/form-data`. The KS never appears in a URL, so it cannot reach
/// an access log or an error message.
///
/// The session is obtained on first use, cached, renewed shortly before it expires (when less
/// than a tenth of its life, at most one hour, remains), and renewed once more when a call fails
/// with an expired KS; that call is then retried once.
public final class KalturaClient: Sendable {
    public let credentials: KalturaCredentials
    let http: HTTPClient
    let clock: @Sendable () -> Int64
    let timeouts: HTTPTimeouts
    /// The cached session. Held while a new one is obtained, so that concurrent callers wait
    /// for one `session.start` instead of each starting their own.
    let session = Mutex<CachedSession?>(nil)

    /// Epoch seconds from the system clock.
    public static let systemClock: @Sendable () -> Int64 = { Int64(time(nil)) }

    /// - Parameters:
    ///   - clock: epoch seconds; tests pass a manual one to expire sessions without sleeping.
    ///   - timeouts: per request. The default allows the ~45 s Kaltura may take to answer an
    ///     upload chunk that arrived before its predecessor, and no more than 10 minutes.
    public init(credentials: KalturaCredentials, http: HTTPClient, clock: @escaping @Sendable () -> Int64 = systemClock,
                timeouts: HTTPTimeouts = HTTPTimeouts(total: .seconds(600), lowSpeedWindow: .seconds(90))) {
        self.credentials = credentials
        self.http = http
        self.clock = clock
        self.timeouts = timeouts
    }

    /// Calls an action with a JSON body and returns its decoded result (`null` for void
    /// actions). Uses the session, and renews it and retries once on an expired KS.
    func call(_ service: String, _ action: String, _ parameters: [String: JSONValue]) throws(KalturaError) -> JSONValue {
        try withSession { ks throws(KalturaError) in
            var body = parameters
            body["format"] = 1
            body["ks"] = .string(ks)
            body["partnerId"] = .int(Int64(credentials.partnerID))
            return try perform(service, action, body: .json(.object(body)), ks: ks)
        }
    }

    /// Runs `attempt` with the current KS; when it fails because that KS expired, drops it,
    /// obtains a new one and runs `attempt` once more.
    func withSession(_ attempt: (String) throws(KalturaError) -> JSONValue) throws(KalturaError) -> JSONValue {
        let ks = try currentSession()
        do throws(KalturaError) {
            return try attempt(ks)
        } catch {
            guard error.isExpiredSession else { throw error }
            invalidateSession(ks)
            return try attempt(try currentSession())
        }
    }
}
