import Kaltura
import Logging
import Metrics
import Synchronization
import Zoom

/// The outside systems a copy depends on.
public enum Peer: String, Sendable, CaseIterable {
    case zoom
    case kaltura
}

/// Whether a peer works right now, as the workers last found it: what /status shows and what
/// an operator acts on (a peer that is down, or refuses our credentials).
public struct PeerStatus: Sendable, Equatable {
    public var peer: Peer
    /// The last problem, while it lasts; nil once a call succeeds again.
    public var problem: String?
    /// When the current problem began (ms since the epoch).
    public var since: Int64?
    public var lastSuccessAt: Int64?
    /// The last failed call's error (any failure, not only a problem that stops copies), and
    /// when it happened; kept after the peer recovers.
    public var lastError: String?
    public var lastErrorAt: Int64?
}

/// Shared by all workers: each call to a peer reports here, and a change of state is logged
/// once (down, then back), not once per job. Failed API calls are also counted by error code
/// for `GET /metrics`.
public final class PeerBoard: Sendable {
    private let state = Mutex<[Peer: PeerStatus]>(
        Dictionary(uniqueKeysWithValues: Peer.allCases.map { ($0, PeerStatus(peer: $0)) }))
    private let logger: Logger
    private let apiErrors: Counter

    /// - Parameter metrics: where `zoom2kaltura_api_errors_total{peer,code}` is registered.
    public init(logger: Logger, metrics: MetricsRegistry = MetricsRegistry()) {
        self.logger = logger
        apiErrors = metrics.counter("zoom2kaltura_api_errors_total",
                                    help: "Failed Kaltura and Zoom API calls, by peer and error code "
                                        + "(a Kaltura API code, http_STATUS, transport or invalid_response).",
                                    labelNames: ["peer", "code"])
    }

    func succeeded(_ peer: Peer, at now: Int64) {
        let recovered: String? = state.withLock { board in
            var status = board[peer] ?? PeerStatus(peer: peer)
            let was = status.problem
            status.problem = nil
            status.since = nil
            status.lastSuccessAt = now
            board[peer] = status
            return was
        }
        if recovered != nil { logger.info("peer is back", ["peer": .string(peer.rawValue)]) }
    }

    func failed(_ peer: Peer, problem: String, at now: Int64) {
        let isNew: Bool = state.withLock { board in
            var status = board[peer] ?? PeerStatus(peer: peer)
            let isNew = status.problem == nil
            status.problem = problem
            if isNew { status.since = now }
            status.lastError = problem
            status.lastErrorAt = now
            board[peer] = status
            return isNew
        }
        if isNew {
            logger.error("peer unavailable; jobs wait and resume by themselves",
                         ["peer": .string(peer.rawValue), "error": .string(problem)])
        }
    }

    /// A failed API call: counted by code, and kept as the peer's last error. Whether it is a
    /// problem of the peer as a whole is `failed`'s business.
    func callFailed(_ peer: Peer, code: String, error: String, at now: Int64) {
        apiErrors.increment([peer.rawValue, PrometheusText.boundedLabel(code)])
        state.withLock { board in
            var status = board[peer] ?? PeerStatus(peer: peer)
            status.lastError = error
            status.lastErrorAt = now
            board[peer] = status
        }
    }

    public func snapshot() -> [PeerStatus] {
        state.withLock { board in Peer.allCases.compactMap { board[$0] } }
    }
}

extension PeerStatus {
    init(peer: Peer) { self.init(peer: peer, problem: nil, since: nil, lastSuccessAt: nil, lastError: nil, lastErrorAt: nil) }
}

extension KalturaError {
    /// The error's label on the API error counter: the Kaltura code, `http_STATUS`, `transport`
    /// or `invalid_response`.
    var metricCode: String {
        switch kind {
        case .api(let code, _): code
        case .http(let status, _): "http_\(status)"
        case .transport: "transport"
        case .invalidResponse: "invalid_response"
        }
    }
}

extension ZoomAPIError {
    /// The error's label on the API error counter: `http_STATUS`, or `transport`.
    var metricCode: String { status.map { "http_\($0)" } ?? "transport" }
}
