import Synchronization

/// A file being copied now, for /status and the demo's progress bars.
public struct Transfer: Sendable, Equatable {
    public var jobID: Int64
    public var meetingUUID: String
    public var fileID: String
    public var bytes: Int64
    public var total: Int64
    /// When this run began and how many bytes it had then (to tell its rate).
    public var startedAt: Int64
    public var startBytes: Int64
}

/// The in-flight transfers of all workers.
public final class TransferBoard: Sendable {
    private let transfers = Mutex<[Int64: Transfer]>([:])

    public init() {}

    func update(_ transfer: Transfer) { transfers.withLock { $0[transfer.jobID] = transfer } }

    func remove(jobID: Int64) { _ = transfers.withLock { $0.removeValue(forKey: jobID) } }

    /// Every transfer in flight, by job id.
    public func snapshot() -> [Transfer] { transfers.withLock { $0.values.sorted { $0.jobID < $1.jobID } } }
}
