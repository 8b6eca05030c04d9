import Logging
import Synchronization

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
}

/// Shared by all workers: each call to a peer reports here, and a change of state is logged
/// once (down, then back), not once per job.
public final class PeerBoard: Sendable {
    private let state = Mutex<[Peer: PeerStatus]>(
        Dictionary(uniqueKeysWithValues: Peer.allCases.map { ($0, PeerStatus(peer: $0)) }))
    private let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    func succeeded(_ peer: Peer, at now: Int64) {
        let recovered: String? = state.withLock { board in
            let was = board[peer]?.problem
            board[peer] = PeerStatus(peer: peer, problem: nil, since: nil, lastSuccessAt: now)
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
            board[peer] = status
            return isNew
        }
        if isNew {
            logger.error("peer unavailable; jobs wait and resume by themselves",
                         ["peer": .string(peer.rawValue), "error": .string(problem)])
        }
    }

    public func snapshot() -> [PeerStatus] {
        state.withLock { board in Peer.allCases.compactMap { board[$0] } }
    }
}

extension PeerStatus {
    init(peer: Peer) { self.init(peer: peer, problem: nil, since: nil, lastSuccessAt: nil) }
}
